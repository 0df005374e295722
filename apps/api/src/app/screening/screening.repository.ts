import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IsoDate } from '@huddle/shared-types';
import type { AuthUser } from '../auth/auth-user';
import { AccessService, type SqlFragment } from '../auth/access.service';
import { updateReturning } from '../auth/update-returning';

/** What recording a screening for a patient needs to know. */
export interface ScreeningTarget {
  birthDate: IsoDate;
  gender: string | null;
  timeZone: string;
  episodeId: string | null;
  settings: Record<string, unknown>;
}

export interface ScreeningVisitRow {
  id: string;
  clinic_id: string;
  patient_id: string;
  visit_on: IsoDate;
  screened_by: string;
  screened_by_name: string;
  answers: Record<string, unknown>;
  cutoffs: Record<string, number>;
  phq2_total: number | null;
  gad2_total: number | null;
  auditc_total: number | null;
  pcptsd5_total: number | null;
  phq9_assessment_id: string | null;
  gad7_assessment_id: string | null;
  pcl5_assessment_id: string | null;
  depression_positive: boolean | null;
  anxiety_positive: boolean | null;
  alcohol_positive: boolean | null;
  ptsd_positive: boolean | null;
  depression_exception: 'patient_refused' | 'medical_reason' | null;
  follow_up_kinds: string[];
  follow_up_on: IsoDate | null;
  follow_up_note: string | null;
  created_at: Date;
  version: number;
  referral_id: string | null;
  referred_on: IsoDate | null;
  referred_by: string | null;
  referred_by_name: string | null;
  warm_handoff: boolean | null;
  handoff_taken_by: string | null;
  handoff_taken_by_name: string | null;
  referral_note: string | null;
  first_contact_on: IsoDate | null;
  enrolled_on: IsoDate | null;
  engaged: boolean | null;
}

export type ScreeningVisitInsert = Omit<
  ScreeningVisitRow,
  | 'id'
  | 'screened_by_name'
  | 'created_at'
  | 'version'
  | 'follow_up_note'
  | `referral_${string}`
  | `referred_${string}`
  | 'warm_handoff'
  | `handoff_${string}`
  | 'first_contact_on'
  | 'enrolled_on'
  | 'engaged'
> & { follow_up_note: string | null };

/** Engagement rule parameters (libs/scoring ENGAGEMENT_RULE). */
export interface EngagementParams {
  minContacts: number;
  windowDays: number;
}

/**
 * The referral's journey: completed behavioural-health contacts of the patient on or after the
 * referral (clinic-local dates), the first of them, and engagement — at least `$1` of them within `$2`
 * days of the first (libs/scoring ENGAGEMENT_RULE). Alias `r` is the referral.
 */
export const REFERRAL_JOURNEY = `LEFT JOIN LATERAL (
      SELECT min(d) AS first_contact_on, count(*) FILTER (WHERE d < first_on + $2::int) >= $1::int AS engaged
      FROM (SELECT d, min(d) OVER () AS first_on
            FROM (SELECT clinic_local_date(c.clinic_id, c.started_at) AS d FROM contact c
                  WHERE c.patient_id = r.patient_id AND c.completed) cd
            WHERE d >= r.referred_on) x
    ) j ON r.id IS NOT NULL`;

/** SQL of universal screening, referrals and their aggregates (callers check scope and permissions). */
@Injectable()
export class ScreeningRepository {
  constructor(private readonly access: AccessService) {}

  /** The patient (in `scope`, parameters from `$2`) with clinic zone, open episode and screening settings. */
  async target(em: EntityManager, patientId: string, scope: SqlFragment): Promise<ScreeningTarget | null> {
    const rows: Array<{
      birth_date: IsoDate;
      gender: string | null;
      timezone: string;
      episode_id: string | null;
      screening_settings: Record<string, unknown>;
    }> = await em.query(
      `SELECT p.birth_date::text AS birth_date, p.gender, c.timezone, c.screening_settings, e.id AS episode_id
       FROM patient p
       JOIN clinic c ON c.id = p.clinic_id
       LEFT JOIN episode e ON e.patient_id = p.id AND e.status <> 'discharged'
       WHERE p.id = $1 AND ${scope.sql}`,
      [patientId, ...scope.params],
    );
    const row = rows[0];
    return row
      ? {
          birthDate: row.birth_date,
          gender: row.gender,
          timeZone: row.timezone,
          episodeId: row.episode_id,
          settings: row.screening_settings,
        }
      : null;
  }

  async insertVisit(em: EntityManager, v: ScreeningVisitInsert): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO screening_visit (clinic_id, patient_id, visit_on, screened_by, answers, cutoffs, phq2_total,
         gad2_total, auditc_total, pcptsd5_total, phq9_assessment_id, gad7_assessment_id, pcl5_assessment_id,
         depression_positive, anxiety_positive, alcohol_positive, ptsd_positive, depression_exception,
         follow_up_kinds, follow_up_on, follow_up_note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
       RETURNING id`,
      [
        v.clinic_id,
        v.patient_id,
        v.visit_on,
        v.screened_by,
        JSON.stringify(v.answers),
        JSON.stringify(v.cutoffs),
        v.phq2_total,
        v.gad2_total,
        v.auditc_total,
        v.pcptsd5_total,
        v.phq9_assessment_id,
        v.gad7_assessment_id,
        v.pcl5_assessment_id,
        v.depression_positive,
        v.anxiety_positive,
        v.alcohol_positive,
        v.ptsd_positive,
        v.depression_exception,
        v.follow_up_kinds,
        v.follow_up_on,
        v.follow_up_note,
      ],
    );
    return rows[0]?.id as string;
  }

  /**
   * Screening visits with their referral and its journey, newest first: of one patient, or one visit
   * if the caller's scope lets them see its patient.
   */
  async visits(
    em: EntityManager,
    filter: { patientId: string } | { visitId: string; user: AuthUser },
    engagement: EngagementParams,
  ): Promise<ScreeningVisitRow[]> {
    const params: unknown[] = [engagement.minContacts, engagement.windowDays];
    let where: string;
    if ('patientId' in filter) {
      params.push(filter.patientId);
      where = `v.patient_id = $3`;
    } else {
      params.push(filter.visitId);
      const scope = this.access.patientScope(filter.user, 'p', 3);
      params.push(...scope.params);
      where = `v.id = $3 AND EXISTS (SELECT 1 FROM patient p WHERE p.id = v.patient_id AND ${scope.sql})`;
    }
    return em.query(
      `SELECT v.id, v.clinic_id, v.patient_id, v.visit_on::text AS visit_on, v.screened_by, sb.display_name AS screened_by_name,
              v.answers, v.cutoffs, v.phq2_total, v.gad2_total, v.auditc_total, v.pcptsd5_total,
              v.phq9_assessment_id, v.gad7_assessment_id, v.pcl5_assessment_id,
              v.depression_positive, v.anxiety_positive, v.alcohol_positive, v.ptsd_positive, v.depression_exception,
              v.follow_up_kinds, v.follow_up_on::text AS follow_up_on, v.follow_up_note, v.created_at, v.version,
              r.id AS referral_id, r.referred_on::text AS referred_on, r.referred_by, rb.display_name AS referred_by_name,
              r.warm_handoff, r.handoff_taken_by, ht.display_name AS handoff_taken_by_name, r.note AS referral_note,
              j.first_contact_on::text AS first_contact_on,
              (SELECT min(e.enrolled_on) FROM episode e
                WHERE e.patient_id = r.patient_id AND e.enrolled_on >= r.referred_on)::text AS enrolled_on,
              j.engaged
       FROM screening_visit v
       JOIN staff_user sb ON sb.id = v.screened_by
       LEFT JOIN bh_referral r ON r.screening_visit_id = v.id
       LEFT JOIN staff_user rb ON rb.id = r.referred_by
       LEFT JOIN staff_user ht ON ht.id = r.handoff_taken_by
       ${REFERRAL_JOURNEY}
       WHERE ${where}
       ORDER BY v.visit_on DESC, v.created_at DESC`,
      params,
    );
  }

  /** Sets the follow-up plan at `version`; false when the version moved on. */
  async setFollowUpPlan(
    em: EntityManager,
    id: string,
    version: number,
    plan: { kinds: string[]; on: IsoDate; note: string | null },
  ): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      em,
      `UPDATE screening_visit SET follow_up_kinds = $3, follow_up_on = $4, follow_up_note = $5, version = version + 1
       WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, plan.kinds, plan.on, plan.note],
    );
    return rows.length === 1;
  }

  async insertReferral(
    em: EntityManager,
    r: {
      clinicId: string;
      patientId: string;
      visitId: string;
      referredOn: IsoDate;
      referredBy: string;
      warmHandoff: boolean;
      handoffTakenBy: string | null;
      note: string | null;
    },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO bh_referral (clinic_id, patient_id, screening_visit_id, referred_on, referred_by, warm_handoff,
         handoff_taken_by, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [r.clinicId, r.patientId, r.visitId, r.referredOn, r.referredBy, r.warmHandoff, r.handoffTakenBy, r.note],
    );
    return rows[0]?.id as string;
  }

  /** Whether an active staff member of the clinic with one of `roles` exists. */
  async isClinicStaff(
    em: EntityManager,
    clinicId: string,
    staffId: string,
    roles: readonly string[],
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM staff_user WHERE id = $1 AND clinic_id = $2 AND active AND role = ANY($3::text[])`,
      [staffId, clinicId, roles],
    );
    return rows.length === 1;
  }

  /** Active staff of the clinic in `roles`: id, name and role only, by name. */
  clinicStaffOfRoles(
    em: EntityManager,
    clinicId: string,
    roles: readonly string[],
  ): Promise<Array<{ id: string; displayName: string; role: string }>> {
    return em.query(
      `SELECT id, display_name AS "displayName", role FROM staff_user
       WHERE clinic_id = $1 AND active AND role = ANY($2::text[])
       ORDER BY lower(display_name), id`,
      [clinicId, roles],
    );
  }
}
