import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdministrativeGender, RecordRevisionView, RevisedRecordType, RevisionAction } from '@huddle/shared-types';
import { AccessService, type SqlFragment } from '../auth/access.service';
import type { AuthUser } from '../auth/auth-user';

/** A score or contact row locked for a correction, with what the checks need. */
export interface LockedRecord {
  id: string;
  patientId: string;
  episodeId: string | null;
  timeZone: string;
  birthDate: string;
  /** The patient's recorded sex (sex-specific cut-offs when a score is re-scored). */
  gender: AdministrativeGender | null;
  instrument: string | null;
  staffId: string | null;
  version: number | null;
}

interface RevisionRow {
  id: string;
  patientId: string;
  recordType: RevisedRecordType;
  recordId: string;
  action: RevisionAction;
  reason: string;
  revisedById: string;
  revisedByName: string;
  revisedAt: Date;
  original: Record<string, unknown>;
}

const TABLE: Record<RevisedRecordType, string> = { assessment: 'assessment', contact: 'contact' };

/**
 * `record_revision` and the in-place changes it documents: the original row is copied (as JSON)
 * before a correction updates it or an "entered in error" deletes it, so `assessment` and `contact`
 * hold only current rows and every other query stays correct.
 */
@Injectable()
export class RecordRevisionRepository {
  constructor(private readonly access: AccessService) {}

  /** The date an assessment was administered (clinic-local), or null when it does not exist. */
  async administeredOn(em: EntityManager, id: string): Promise<string | null> {
    const rows: Array<{ administeredOn: string }> = await em.query(
      `SELECT administered_on::text AS "administeredOn" FROM assessment WHERE id = $1`,
      [id],
    );
    return rows[0]?.administeredOn ?? null;
  }

  /** Locks a score or contact whose patient is in the caller's scope; `null` otherwise. */
  async lockScoped(
    em: EntityManager,
    user: AuthUser,
    type: RevisedRecordType,
    id: string,
  ): Promise<LockedRecord | null> {
    const scope: SqlFragment = this.access.patientScope(user, 'p', 1);
    const extra =
      type === 'assessment'
        ? `r.instrument, NULL::uuid AS "staffId", NULL::int AS version`
        : `NULL::text AS instrument, r.staff_id AS "staffId", r.version`;
    const rows: LockedRecord[] = await em.query(
      `SELECT r.id, r.patient_id AS "patientId", r.episode_id AS "episodeId", c.timezone AS "timeZone",
         p.birth_date::text AS "birthDate", p.gender, ${extra}
       FROM ${TABLE[type]} r JOIN patient p ON p.id = r.patient_id JOIN clinic c ON c.id = p.clinic_id
       WHERE r.id = $1 AND ${scope.sql} FOR UPDATE OF r`,
      [id, ...scope.params],
    );
    return rows[0] ?? null;
  }

  /** Copies the current row into `record_revision`; returns the revision id. */
  async keepOriginal(
    em: EntityManager,
    type: RevisedRecordType,
    id: string,
    change: { action: RevisionAction; reason: string; by: string; at: Date },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO record_revision (clinic_id, patient_id, episode_id, record_type, record_id, action, original,
         reason, revised_by, revised_at)
       SELECT r.clinic_id, r.patient_id, r.episode_id, $2, r.id, $3, to_jsonb(r), $4, $5, $6
       FROM ${TABLE[type]} r WHERE r.id = $1 RETURNING id`,
      [id, type, change.action, change.reason, change.by, change.at.toISOString()],
    );
    const revisionId = rows[0]?.id;
    if (!revisionId) throw new Error(`${type} ${id} missing`);
    return revisionId;
  }

  /** Rescored answers of a corrected assessment. */
  async updateAssessment(
    em: EntityManager,
    id: string,
    values: {
      administeredOn: string;
      answers: Record<string, number | null>;
      total: number | null;
      severity: string | null;
      positiveScreen: boolean | null;
      complete: boolean;
      safetyRisk: boolean;
    },
  ): Promise<void> {
    await em.query(
      `UPDATE assessment SET administered_on = $2, answers = $3, total = $4, severity = $5, positive_screen = $6,
         complete = $7, safety_risk = $8 WHERE id = $1`,
      [
        id,
        values.administeredOn,
        JSON.stringify(values.answers),
        values.total,
        values.severity,
        values.positiveScreen,
        values.complete,
        values.safetyRisk,
      ],
    );
  }

  /** Deletes a record entered in error (its original is in `record_revision`). */
  async remove(em: EntityManager, type: RevisedRecordType, id: string): Promise<void> {
    await em.query(`DELETE FROM ${TABLE[type]} WHERE id = $1`, [id]);
  }

  /** The patient's revisions, newest first. */
  async listForPatient(em: EntityManager, patientId: string): Promise<RecordRevisionView[]> {
    const rows: RevisionRow[] = await em.query(
      `SELECT r.id, r.patient_id AS "patientId", r.record_type AS "recordType", r.record_id AS "recordId", r.action,
         r.reason, r.revised_by AS "revisedById", s.display_name AS "revisedByName", r.revised_at AS "revisedAt",
         r.original
       FROM record_revision r JOIN staff_user s ON s.id = r.revised_by
       WHERE r.patient_id = $1 ORDER BY r.revised_at DESC, r.id`,
      [patientId],
    );
    return rows.map(toRevisionView);
  }

  async view(em: EntityManager, id: string): Promise<RecordRevisionView> {
    const rows: RevisionRow[] = await em.query(
      `SELECT r.id, r.patient_id AS "patientId", r.record_type AS "recordType", r.record_id AS "recordId", r.action,
         r.reason, r.revised_by AS "revisedById", s.display_name AS "revisedByName", r.revised_at AS "revisedAt",
         r.original
       FROM record_revision r JOIN staff_user s ON s.id = r.revised_by WHERE r.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new Error(`record_revision ${id} missing`);
    return toRevisionView(row);
  }
}

function toRevisionView(row: RevisionRow): RecordRevisionView {
  return {
    id: row.id,
    patientId: row.patientId,
    recordType: row.recordType,
    recordId: row.recordId,
    action: row.action,
    reason: row.reason,
    revisedBy: { id: row.revisedById, displayName: row.revisedByName },
    revisedAt: new Date(row.revisedAt).toISOString(),
    original: row.original,
  };
}
