import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IsoDate } from '@huddle/shared-types';
import { REFERRAL_JOURNEY, type EngagementParams } from './screening.repository';

/** CMS2 parameters, from libs/scoring `CMS2_RULES` and `COUNTING_FOLLOW_UP_PLAN_KINDS` (never literals, ADR 0004). */
export interface Cms2Params {
  minAgeYears: number;
  screeningLookbackDays: number;
  followUpWithinDays: number;
  bipolarPatterns: string[];
  countingKinds: string[];
  /** Encounter.class codes that are utilization events, not qualifying office visits. */
  utilizationSystem: string;
  utilizationCodes: string[];
}

/** Utilization parameters, from libs/scoring `UTILIZATION_RULES` and the chronic-condition cohorts. */
export interface UtilizationParams {
  system: string;
  edCode: string;
  admissionCode: string;
  readmissionWindowDays: number;
  /** Parallel arrays: cohort id and one `LIKE` pattern (`E11%`) per ICD-10-CM prefix. */
  cohortIds: string[];
  cohortPatterns: string[];
  cohorts: string[];
}

export interface MonthRow {
  month: string;
  visits: number;
  patients: number;
  depression_positive: number;
  follow_up: number;
  anxiety_positive: number;
  alcohol_positive: number;
  ptsd_positive: number;
}

export interface Cms2Row {
  initial_population: number;
  exclusions: number;
  exceptions: number;
  numerator: number;
}

export interface HandoffRow {
  referrals: number;
  warm: number;
  median_days: number | null;
  engaged: number;
}

export interface UtilizationRow {
  cohort: string | null;
  with_condition: boolean | null;
  patients: number;
  ed_visits: number;
  patients_with_ed: number;
  index_admissions: number;
  readmissions: number;
}

/** Normalised ICD-10-CM code of `patient_clinical_event` alias `alias` (dots out, upper case; libs/scoring normaliseIcd10). */
const icd = (alias: string): string => `upper(replace(${alias}.code, '.', ''))`;

/** Leadership aggregates of screening, CMS2, warm handoffs and utilization, in SQL (per clinic). */
@Injectable()
export class ScreeningAggregatesRepository {
  /** Screening per clinic-local month of the visit, `from`…`to`. */
  months(
    em: EntityManager,
    clinicId: string,
    from: IsoDate,
    to: IsoDate,
    followUpWithinDays: number,
    countingKinds: string[],
  ): Promise<MonthRow[]> {
    return em.query(
      `SELECT to_char(v.visit_on, 'YYYY-MM') AS month, count(*)::int AS visits,
              count(DISTINCT v.patient_id)::int AS patients,
              count(*) FILTER (WHERE v.depression_positive)::int AS depression_positive,
              count(*) FILTER (WHERE v.depression_positive AND v.follow_up_kinds && $5::text[]
                AND v.follow_up_on BETWEEN v.visit_on AND v.visit_on + $4::int)::int AS follow_up,
              count(*) FILTER (WHERE v.anxiety_positive)::int AS anxiety_positive,
              count(*) FILTER (WHERE v.alcohol_positive)::int AS alcohol_positive,
              count(*) FILTER (WHERE v.ptsd_positive)::int AS ptsd_positive
       FROM screening_visit v
       WHERE v.clinic_id = $1 AND v.visit_on BETWEEN $2 AND $3
       GROUP BY 1 ORDER BY 1`,
      [clinicId, from, to, followUpWithinDays, countingKinds],
    );
  }

  /** CMS2 counts for the period `first`…`last` (libs/scoring `computeCms2` is the reference). */
  async cms2(em: EntityManager, clinicId: string, first: IsoDate, last: IsoDate, p: Cms2Params): Promise<Cms2Row> {
    const rows: Cms2Row[] = await em.query(
      `WITH enc AS (
         SELECT v.patient_id, v.visit_on AS on_date FROM screening_visit v
         WHERE v.clinic_id = $1 AND v.visit_on BETWEEN $2 AND $3
         UNION
         SELECT ce.patient_id, ce.starts_on FROM patient_clinical_event ce
         WHERE ce.clinic_id = $1 AND ce.kind = 'encounter' AND ce.starts_on BETWEEN $2 AND $3
           AND NOT (ce.code_system = $9 AND ce.code = ANY($10::text[]))),
       pop AS (
         SELECT p.id FROM patient p
         WHERE p.clinic_id = $1 AND p.birth_date <= ($2::date - make_interval(years => $4::int))::date
           AND EXISTS (SELECT 1 FROM enc WHERE enc.patient_id = p.id)),
       outcome AS (
         SELECT pop.id,
           (EXISTS (SELECT 1 FROM patient_clinical_event ce
              WHERE ce.patient_id = pop.id AND ce.kind = 'condition' AND ${icd('ce')} LIKE ANY($7::text[])
                AND (ce.starts_on IS NULL OR ce.starts_on <= $3))) AS excluded,
           EXISTS (SELECT 1 FROM enc JOIN screening_visit s ON s.patient_id = enc.patient_id
              WHERE enc.patient_id = pop.id AND s.depression_positive IS NOT NULL
                AND s.visit_on BETWEEN enc.on_date - $5::int AND enc.on_date
                AND (NOT s.depression_positive OR (s.follow_up_kinds && $8::text[]
                  AND s.follow_up_on BETWEEN enc.on_date AND enc.on_date + $6::int))) AS met,
           EXISTS (SELECT 1 FROM enc JOIN screening_visit s ON s.patient_id = enc.patient_id
              WHERE enc.patient_id = pop.id AND s.depression_exception IS NOT NULL
                AND s.visit_on BETWEEN enc.on_date - $5::int AND enc.on_date) AS exception
         FROM pop)
       SELECT count(*)::int AS initial_population,
              count(*) FILTER (WHERE excluded)::int AS exclusions,
              count(*) FILTER (WHERE NOT excluded AND NOT met AND exception)::int AS exceptions,
              count(*) FILTER (WHERE NOT excluded AND met)::int AS numerator
       FROM outcome`,
      [
        clinicId,
        first,
        last,
        p.minAgeYears,
        p.screeningLookbackDays,
        p.followUpWithinDays,
        p.bipolarPatterns,
        p.countingKinds,
        p.utilizationSystem,
        p.utilizationCodes,
      ],
    );
    return rows[0] as Cms2Row;
  }

  /** Referrals made `first`…`last`: warm handoffs, median days to first contact, engagement. */
  async handoffs(
    em: EntityManager,
    clinicId: string,
    first: IsoDate,
    last: IsoDate,
    engagement: EngagementParams,
  ): Promise<HandoffRow> {
    const rows: HandoffRow[] = await em.query(
      `SELECT count(*)::int AS referrals,
              count(*) FILTER (WHERE r.warm_handoff)::int AS warm,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY j.first_contact_on - r.referred_on)
                 FILTER (WHERE j.first_contact_on IS NOT NULL))::float8 AS median_days,
              count(*) FILTER (WHERE j.engaged)::int AS engaged
       FROM bh_referral r
       ${REFERRAL_JOURNEY}
       WHERE r.clinic_id = $3 AND r.referred_on BETWEEN $4 AND $5`,
      [engagement.minContacts, engagement.windowDays, clinicId, first, last],
    );
    return rows[0] as HandoffRow;
  }

  /** Patients screened (any visit) `first`…`last`. */
  async patientsScreened(em: EntityManager, clinicId: string, first: IsoDate, last: IsoDate): Promise<number> {
    const rows: Array<{ n: number }> = await em.query(
      `SELECT count(DISTINCT patient_id)::int AS n FROM screening_visit WHERE clinic_id = $1 AND visit_on BETWEEN $2 AND $3`,
      [clinicId, first, last],
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * ED visits and 30-day readmissions of the clinic's patients `first`…`last`: all patients (cohort
   * null) and, per chronic-condition cohort, with and without the condition (libs/scoring
   * `computeUtilization` is the reference).
   */
  utilization(
    em: EntityManager,
    clinicId: string,
    first: IsoDate,
    last: IsoDate,
    p: UtilizationParams,
  ): Promise<UtilizationRow[]> {
    return em.query(
      `WITH ev AS (
         SELECT ce.id, ce.patient_id, ce.code, ce.starts_on, ce.ends_on FROM patient_clinical_event ce
         WHERE ce.clinic_id = $1 AND ce.kind = 'encounter' AND ce.code_system = $4 AND ce.code IN ($5, $6)),
       per_patient AS (
         SELECT p.id,
           (SELECT count(*) FROM ev WHERE ev.patient_id = p.id AND ev.code = $5 AND ev.starts_on BETWEEN $2 AND $3) AS ed,
           (SELECT count(*) FROM ev WHERE ev.patient_id = p.id AND ev.code = $6 AND ev.ends_on BETWEEN $2 AND $3) AS idx,
           (SELECT count(*) FROM ev a WHERE a.patient_id = p.id AND a.code = $6 AND a.ends_on BETWEEN $2 AND $3
              AND EXISTS (SELECT 1 FROM ev b WHERE b.patient_id = p.id AND b.code = $6 AND b.id <> a.id
                AND b.starts_on - a.ends_on BETWEEN 1 AND $7::int)) AS readm
         FROM patient p WHERE p.clinic_id = $1),
       membership AS (
         SELECT DISTINCT ce.patient_id, m.cohort
         FROM patient_clinical_event ce
         JOIN unnest($8::text[], $9::text[]) AS m(cohort, pattern) ON ${icd('ce')} LIKE m.pattern
         WHERE ce.clinic_id = $1 AND ce.kind = 'condition'),
       grouped AS (
         SELECT NULL::text AS cohort, NULL::boolean AS with_condition, pp.* FROM per_patient pp
         UNION ALL
         SELECT c.cohort,
                EXISTS (SELECT 1 FROM membership m WHERE m.patient_id = pp.id AND m.cohort = c.cohort), pp.*
         FROM per_patient pp CROSS JOIN unnest($10::text[]) AS c(cohort))
       SELECT cohort, with_condition, count(*)::int AS patients, coalesce(sum(ed), 0)::int AS ed_visits,
              count(*) FILTER (WHERE ed > 0)::int AS patients_with_ed, coalesce(sum(idx), 0)::int AS index_admissions,
              coalesce(sum(readm), 0)::int AS readmissions
       FROM grouped GROUP BY cohort, with_condition`,
      [
        clinicId,
        first,
        last,
        p.system,
        p.edCode,
        p.admissionCode,
        p.readmissionWindowDays,
        p.cohortIds,
        p.cohortPatterns,
        p.cohorts,
      ],
    );
  }
}
