import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsoDate, SafetyFollowUpPlan, SafetyFollowUpView } from '@huddle/shared-types';
import { updateReturning } from '../auth/update-returning';

/** The open episode a follow-up belongs to, with the clinic's time zone. */
export interface FollowUpTarget {
  episodeId: string;
  timeZone: string;
}

interface FollowUpRow extends Omit<SafetyFollowUpPlan, 'nextContactOn'> {
  id: string;
  patientId: string;
  episodeId: string;
  performedById: string;
  performedByName: string;
  performedAt: Date;
  performedOn: string;
  nextContactOn: string;
  createdAt: Date;
  resolvedAssessmentIds: string[] | null;
  resolvedFlagIds: string[] | null;
}

const VIEW_SELECT = `
  SELECT f.id, f.patient_id AS "patientId", f.episode_id AS "episodeId",
    f.performed_by AS "performedById", s.display_name AS "performedByName", f.performed_at AS "performedAt",
    (f.performed_at AT TIME ZONE c.timezone)::date::text AS "performedOn",
    f.method, f.risk_level AS "riskLevel", f.safety_plan AS "safetyPlan",
    f.lethal_means_counselling AS "lethalMeansCounselling", f.crisis_line_given AS "crisisLineGiven",
    f.disposition, f.consultant_notified AS "consultantNotified", f.next_contact_on::text AS "nextContactOn",
    f.note, f.created_at AS "createdAt",
    ARRAY(SELECT a.id FROM assessment a WHERE a.safety_follow_up_id = f.id ORDER BY a.administered_on, a.id)
      AS "resolvedAssessmentIds",
    ARRAY(SELECT m.id FROM manual_flag m WHERE m.resolved_by_follow_up_id = f.id ORDER BY m.raised_at, m.id)
      AS "resolvedFlagIds"
  FROM safety_follow_up f
  JOIN staff_user s ON s.id = f.performed_by
  JOIN clinic c ON c.id = f.clinic_id`;

/** Reads and writes `safety_follow_up` and the safety-risk assessments it resolves. */
@Injectable()
export class SafetyFollowUpRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Locks the patient's open episode; `null` when there is none. */
  async lockOpenEpisode(patientId: string, em: EntityManager): Promise<FollowUpTarget | null> {
    const rows: FollowUpTarget[] = await em.query(
      `SELECT e.id AS "episodeId", c.timezone AS "timeZone"
       FROM episode e JOIN clinic c ON c.id = e.clinic_id
       WHERE e.patient_id = $1 AND e.status <> 'discharged' FOR UPDATE OF e`,
      [patientId],
    );
    return rows[0] ?? null;
  }

  async insert(
    values: SafetyFollowUpPlan & {
      clinicId: string;
      patientId: string;
      episodeId: string;
      performedBy: string;
      performedAt: Date;
    },
    em: EntityManager,
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO safety_follow_up (clinic_id, patient_id, episode_id, performed_by, performed_at, method, risk_level,
         safety_plan, lethal_means_counselling, crisis_line_given, disposition, consultant_notified, next_contact_on, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        values.clinicId,
        values.patientId,
        values.episodeId,
        values.performedBy,
        values.performedAt.toISOString(),
        values.method,
        values.riskLevel,
        values.safetyPlan,
        values.lethalMeansCounselling,
        values.crisisLineGiven,
        values.disposition,
        values.consultantNotified,
        values.nextContactOn,
        values.note,
      ],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('INSERT safety_follow_up returned no id');
    return id;
  }

  /**
   * Marks every unresolved safety-risk assessment of the episode administered on or before `through`
   * (clinic-local) as resolved by the follow-up; returns their ids. The assessment UPDATE trigger
   * refreshes `episode_summary` in this transaction.
   */
  resolveAssessments(followUpId: string, episodeId: string, through: IsoDate, em: EntityManager): Promise<string[]> {
    return updateReturning<{ id: string }>(
      em,
      `UPDATE assessment SET safety_follow_up_id = $1
       WHERE episode_id = $2 AND safety_risk AND safety_follow_up_id IS NULL AND administered_on <= $3
       RETURNING id`,
      [followUpId, episodeId, through],
    ).then((rows) => rows.map((row) => row.id).sort());
  }

  /** The patient's follow-ups, newest first. */
  async listForPatient(patientId: string, em: EntityManager = this.db.manager): Promise<SafetyFollowUpView[]> {
    const rows: FollowUpRow[] = await em.query(
      `${VIEW_SELECT} WHERE f.patient_id = $1 ORDER BY f.performed_at DESC, f.id`,
      [patientId],
    );
    return rows.map(toView);
  }

  async view(id: string, em: EntityManager): Promise<SafetyFollowUpView> {
    const rows: FollowUpRow[] = await em.query(`${VIEW_SELECT} WHERE f.id = $1`, [id]);
    const row = rows[0];
    if (!row) throw new Error(`safety_follow_up ${id} missing`);
    return toView(row);
  }
}

function toView(row: FollowUpRow): SafetyFollowUpView {
  return {
    id: row.id,
    patientId: row.patientId,
    episodeId: row.episodeId,
    performedBy: { id: row.performedById, displayName: row.performedByName },
    performedAt: new Date(row.performedAt).toISOString(),
    performedOn: row.performedOn,
    method: row.method,
    riskLevel: row.riskLevel,
    safetyPlan: row.safetyPlan,
    lethalMeansCounselling: row.lethalMeansCounselling,
    crisisLineGiven: row.crisisLineGiven,
    disposition: row.disposition,
    consultantNotified: row.consultantNotified,
    nextContactOn: row.nextContactOn,
    note: row.note,
    resolvedAssessmentIds: row.resolvedAssessmentIds ?? [],
    resolvedFlagIds: row.resolvedFlagIds ?? [],
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
