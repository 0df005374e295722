import { Injectable } from '@nestjs/common';
import {
  CASELOAD_COUNTED_STATUSES,
  COCM_BILLING_RULES,
  DEFAULT_EPISODE_MEASURE_THRESHOLDS,
  DEPRESSION_INDEX_PHQ9_ABOVE,
  DEPRESSION_OUTCOME_RULES,
  depressionDiagnosisSqlPatterns,
  INSTRUMENTS,
  PROGRAM_METRIC_WINDOWS,
  SCORING_CONSTANTS,
  type EpisodeMeasureThresholds,
} from '@huddle/scoring';
import { continuesEarlierEpisodeSql, episodeStartSql } from '../billing/episode-continuation.sql';
import { ReplicaReads } from '../database/replica-reads.service';

const TRACKING = SCORING_CONSTANTS.trackingInstrument;

/**
 * `dx`: per patient of clinic `$1`, whether any episode carries a depression diagnosis and whether any
 * carries the exclusion (libs/scoring `DEPRESSION_DIAGNOSIS_CODES`, passed as `$first`…`$first+2` by
 * {@link depressionDiagnosisParams}).
 */
const depressionDiagnosesCte = (first: number): string => `dx AS (
         SELECT e.patient_id,
           bool_or(upper(d) LIKE ANY($${first}::text[]) OR upper(d) = ANY($${first + 1}::text[])) AS depression,
           bool_or(upper(d) LIKE ANY($${first + 2}::text[])) AS excluded
         FROM episode e CROSS JOIN LATERAL unnest(e.diagnoses) d
         WHERE e.clinic_id = $1
         GROUP BY e.patient_id
       )`;

/** The parameters of {@link depressionDiagnosesCte}, in its order. */
function depressionDiagnosisParams(): string[][] {
  const codes = depressionDiagnosisSqlPatterns();
  return [codes.qualifyingLike, codes.qualifyingCodes, codes.exclusionLike];
}
const TRACKING_CUTOFFS = INSTRUMENTS[TRACKING].outcomeCutoffs;
if (!TRACKING_CUTOFFS) throw new Error(`${TRACKING} has no outcome cut-offs`);

/**
 * Clinic-wide aggregates for leadership, computed entirely in PostgreSQL (no patient rows reach Node).
 * The semantics mirror libs/scoring (the reference implementation); `outcomes.spec.ts` and
 * `truth-fixes.spec.ts` check that the SQL and the library agree. Every threshold, window and
 * instrument comes from the library as a parameter (ADR 0004). Read on the read replica when there is one
 * (heavy reads; {@link ReplicaReads} waits until it has caught up with the primary).
 */
@Injectable()
export class OutcomesRepository {
  constructor(private readonly db: ReplicaReads) {}

  /**
   * Per month and per care manager (plus the clinic as a whole, `care_manager_id` null): the episodes
   * libs/scoring `judgeMonthlyOutcome` counts as measured in the month — enrolled, with a score of the
   * tracking instrument in the month and a follow-up score (the month's last score is not the
   * baseline) — and how many of them are in response, remission and improved on the month's last
   * score. Baseline: first complete score from the clinic's baseline look-back (`lookback` days) before enrolment on; scores after
   * discharge are ignored (clinical-reference.md §Measurement-based care rules).
   * @param firstMonth first day (YYYY-MM-01) of the earliest month to report
   */
  async monthlyOutcomes(
    clinicId: string,
    firstMonth: string,
    t: EpisodeMeasureThresholds = DEFAULT_EPISODE_MEASURE_THRESHOLDS,
  ): Promise<MonthlyOutcomeRow[]> {
    // One ordered pass over the clinic's scores (ix_assessment_outcomes_phq9): per episode, the first
    // score is the baseline and a score is the month's latest when the next one falls in another month.
    return this.db.query(
      `WITH scored AS (
         SELECT e.care_manager_id, a.administered_on, a.total,
           date_trunc('month', a.administered_on::timestamp) AS month,
           first_value(a.total) OVER w AS baseline,
           row_number() OVER w AS position,
           lead(date_trunc('month', a.administered_on::timestamp)) OVER w AS next_month
         FROM assessment a
         JOIN episode e ON e.id = a.episode_id AND e.clinic_id = $1
         WHERE a.clinic_id = $1 AND a.instrument = $7 AND a.complete
           AND e.enrolled_on IS NOT NULL
           AND a.administered_on >= e.enrolled_on - $3::int
           AND (e.discharged_on IS NULL OR a.administered_on <= e.discharged_on)
         WINDOW w AS (PARTITION BY a.episode_id ORDER BY a.administered_on, a.created_at, a.id
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
       ),
       judged AS (
         SELECT s.month, s.care_manager_id,
           (s.baseline > 0 AND s.total * 100 <= s.baseline * (100 - $4::int)) AS response,
           (s.total < $5::int) AS remission,
           ((s.baseline > 0 AND s.total * 100 <= s.baseline * (100 - $4::int)) OR s.total < $6::int) AS improved
         FROM scored s
         WHERE s.administered_on >= $2::date AND s.next_month IS DISTINCT FROM s.month AND s.position > 1
       )
       SELECT to_char(month, 'YYYY-MM') AS month, care_manager_id AS "careManagerId",
         count(*)::int AS measured,
         count(*) FILTER (WHERE response)::int AS response,
         count(*) FILTER (WHERE remission)::int AS remission,
         count(*) FILTER (WHERE improved)::int AS improved
       FROM judged
       GROUP BY GROUPING SETS ((month), (month, care_manager_id))
       ORDER BY judged.month, care_manager_id NULLS FIRST`,
      [
        clinicId,
        firstMonth,
        t.baselineLookbackDays,
        t.responseReductionPercent,
        TRACKING_CUTOFFS?.remissionBelow,
        TRACKING_CUTOFFS?.improvedBelow,
        TRACKING,
      ],
    );
  }

  /**
   * NYS program metrics on `asOf` (see {@link ProgramMetricsRow}), as libs/scoring computes them:
   * improvement rate (`computeImprovementRate`: enrolled ≥ 70 days, improved needs a follow-up score),
   * consultation rate (`computeConsultationRate`: active, enrolled ≥ 60 days, not improved — a patient
   * with a baseline only is not improved — reviewed in the last 60 clinic-local days), monthly
   * contact with a scale (`computeMonthlyContactWithScaleRate`: episodes overlapping the month of
   * `asOf`, the month bounded in the clinic's time zone). Set-based: each input is one clinic-wide
   * index range joined to the episodes, instead of per-episode probes.
   */
  async programMetrics(
    clinicId: string,
    asOf: string,
    timeZone: string,
    t: EpisodeMeasureThresholds = DEFAULT_EPISODE_MEASURE_THRESHOLDS,
  ): Promise<ProgramMetricsRow> {
    const w = PROGRAM_METRIC_WINDOWS;
    const rows: ProgramMetricsRow[] = await this.db.query(
      `WITH bounds AS (
         SELECT date_trunc('month', $2::date::timestamp)::date AS first_day,
           (date_trunc('month', $2::date::timestamp) + interval '1 month')::date AS next_first_day
       ),
       local_month AS (
         SELECT b.first_day, b.next_first_day,
           b.first_day::timestamp AT TIME ZONE $8 AS lo, b.next_first_day::timestamp AT TIME ZONE $8 AS hi
         FROM bounds b
       ),
       open_ep AS (
         SELECT e.id, e.enrolled_on, ($2::date - e.enrolled_on) AS days
         FROM episode e
         WHERE e.clinic_id = $1 AND e.enrolled_on IS NOT NULL AND e.enrolled_on <= $2::date
           AND (e.discharged_on IS NULL OR e.discharged_on > $2::date)
       ),
       month_ep AS (
         SELECT e.id FROM episode e, local_month m
         WHERE e.clinic_id = $1 AND e.enrolled_on IS NOT NULL AND e.enrolled_on < m.next_first_day
           AND (e.discharged_on IS NULL OR e.discharged_on >= m.first_day)
       ),
       scores AS (
         SELECT a.episode_id, array_agg(a.total ORDER BY a.administered_on, a.created_at, a.id) AS totals
         FROM assessment a JOIN open_ep o ON o.id = a.episode_id
         WHERE a.clinic_id = $1 AND a.instrument = $9 AND a.complete
           AND a.administered_on BETWEEN o.enrolled_on - $3::int AND $2::date
         GROUP BY a.episode_id
       ),
       measured AS (
         SELECT o.id, o.days, s.totals[1] AS baseline, s.totals[cardinality(s.totals)] AS latest,
           COALESCE(cardinality(s.totals) - 1, 0) AS follow_ups
         FROM open_ep o LEFT JOIN scores s ON s.episode_id = o.id
       ),
       contacted AS (
         SELECT c.episode_id FROM contact c, local_month m
         WHERE c.clinic_id = $1 AND c.completed AND c.type = ANY($10::text[])
           AND c.started_at >= m.lo AND c.started_at < m.hi
         INTERSECT
         SELECT a.episode_id FROM assessment a, local_month m
         WHERE a.clinic_id = $1 AND a.complete
           AND a.administered_on >= m.first_day AND a.administered_on < m.next_first_day
       ),
       reviewed AS (
         -- clinic-local review date BETWEEN $2 - window AND $2, as an index range
         SELECT DISTINCT r.episode_id FROM consultant_review r
         WHERE r.clinic_id = $1
           AND r.reviewed_at >= ($2::date - $6::int)::timestamp AT TIME ZONE $8
           AND r.reviewed_at < ($2::date + 1)::timestamp AT TIME ZONE $8
       ),
       judged AS (
         SELECT m.days, m.follow_ups,
           (m.follow_ups >= 1 AND ((m.baseline > 0 AND m.latest * 100 <= m.baseline * (100 - $4::int)) OR m.latest < $5::int)) AS improved,
           r.episode_id IS NOT NULL AS reviewed
         FROM measured m
         LEFT JOIN reviewed r ON r.episode_id = m.id
       ),
       discharged AS (
         SELECT avg(e.discharged_on - e.enrolled_on)::float AS avg_days, count(*)::int AS n
         FROM episode e
         WHERE e.clinic_id = $1 AND e.enrolled_on IS NOT NULL AND e.discharged_on BETWEEN $2::date - $11::int AND $2::date
       )
       SELECT
         count(*) FILTER (WHERE days >= $7::int AND improved)::int AS "improvedNumerator",
         count(*) FILTER (WHERE days >= $7::int)::int AS "improvedDenominator",
         (SELECT count(*) FROM month_ep me JOIN contacted c ON c.episode_id = me.id)::int AS "contactNumerator",
         (SELECT count(*) FROM month_ep)::int AS "contactDenominator",
         count(*) FILTER (WHERE days >= $6::int AND NOT improved AND reviewed)::int AS "consultNumerator",
         count(*) FILTER (WHERE days >= $6::int AND NOT improved)::int AS "consultDenominator",
         (SELECT avg_days FROM discharged) AS "averageTreatmentDays",
         (SELECT n FROM discharged) AS "dischargedEpisodes"
       FROM judged`,
      [
        clinicId,
        asOf,
        t.baselineLookbackDays,
        t.responseReductionPercent,
        TRACKING_CUTOFFS?.improvedBelow,
        w.consultationWindowDays,
        w.improvementMinDaysEnrolled,
        timeZone,
        TRACKING,
        SCORING_CONSTANTS.patientContactTypes,
        w.treatmentDurationLookbackDays,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('program metrics query returned no row');
    return row;
  }

  /**
   * Per active care manager of the clinic: FTE and patients on the caseload — episodes in libs/scoring's
   * `CASELOAD_COUNTED_STATUSES`, the same count as the caseload's capacity (CaseloadScopeService).
   */
  async caseloadSizes(clinicId: string): Promise<CaseloadSizeRow[]> {
    return this.db.query(
      `SELECT s.id AS "careManagerId", s.display_name AS "careManager", s.fte::float AS fte,
         (SELECT count(*) FROM episode e
          WHERE e.care_manager_id = s.id AND e.clinic_id = $1 AND e.status = ANY($2::text[]))::int AS "openEpisodes"
       FROM staff_user s
       WHERE s.clinic_id = $1 AND s.role = 'care_manager' AND s.active
       ORDER BY s.display_name`,
      [clinicId, CASELOAD_COUNTED_STATUSES],
    );
  }

  /**
   * HEDIS DRR-E (120–240 days), CMS159 remission and CBE 1885 response (12 months ± 60 days) per
   * patient, mirroring `computeDrrEMeasures` / `computeCms159Remission` / `computeCbe1885Response`:
   * index = first complete PHQ-9 > 9 in the index period, patient with a depression diagnosis
   * (`DEPRESSION_DIAGNOSIS_CODES`: F32, F33, F34.1) and no bipolar diagnosis (F31, exclusion); window must have closed by `asOf`;
   * the most recent complete PHQ-9 in the window decides.
   */
  async qualityMeasures(clinicId: string, periodStart: string, periodEnd: string, asOf: string): Promise<QualityRow[]> {
    const q = DEPRESSION_OUTCOME_RULES;
    return this.db.query(
      `WITH ${depressionDiagnosesCte(13)},
       idx AS (
         SELECT DISTINCT ON (a.patient_id) a.patient_id, a.administered_on AS index_date, a.total AS index_score
         FROM assessment a
         WHERE a.clinic_id = $1 AND a.instrument = $12 AND a.complete AND a.total > $11::int
           AND a.administered_on BETWEEN $2::date AND $3::date
         ORDER BY a.patient_id, a.administered_on, a.created_at
       ),
       eligible AS (
         SELECT i.* FROM idx i JOIN dx ON dx.patient_id = i.patient_id AND dx.depression AND NOT dx.excluded
       ),
       windows AS (
         SELECT e.patient_id, e.index_score, w.measure, w.start_day, w.end_day
         FROM eligible e
         CROSS JOIN LATERAL (VALUES
           ('DRR_E', e.index_date + $5::int, e.index_date + $6::int),
           ('12M', (e.index_date + make_interval(months => $7::int))::date - $8::int,
                   (e.index_date + make_interval(months => $7::int))::date + $8::int)
         ) AS w(measure, start_day, end_day)
       ),
       judged AS (
         SELECT w.measure, w.end_day <= $4::date AS closed, r.total AS recent, w.index_score
         FROM windows w
         LEFT JOIN LATERAL (
           SELECT a.total FROM assessment a
           WHERE a.patient_id = w.patient_id AND a.instrument = $12 AND a.complete
             AND a.administered_on BETWEEN w.start_day AND w.end_day
           ORDER BY a.administered_on DESC, a.created_at DESC LIMIT 1
         ) r ON true
       )
       SELECT measure,
         count(*) FILTER (WHERE closed)::int AS denominator,
         count(*) FILTER (WHERE NOT closed)::int AS "windowNotClosed",
         count(*) FILTER (WHERE closed AND recent IS NOT NULL)::int AS "followUp",
         count(*) FILTER (WHERE closed AND recent < $9::int)::int AS remission,
         count(*) FILTER (WHERE closed AND (index_score - recent) * 100 >= $10::int * index_score)::int AS response
       FROM judged GROUP BY measure`,
      [
        clinicId,
        periodStart,
        periodEnd,
        asOf,
        q.drrEWindowStartDays,
        q.drrEWindowEndDays,
        q.twelveMonthWindowMonths,
        q.twelveMonthToleranceDays,
        q.remissionBelow,
        q.responseReductionPercent,
        DEPRESSION_INDEX_PHQ9_ABOVE,
        q.instrumentId,
        ...depressionDiagnosisParams(),
      ],
    );
  }

  /**
   * Patients of an index period at each condition of the depression outcome measures, for saying why
   * a measure has nobody in its denominator (`explainEmptyMeasure`): with a complete PHQ-9 in the
   * period, of them with one above the index score (> 9), of them with a depression diagnosis
   * (F32, F33, F34.1), of them excluded (bipolar, F31) — the same conditions as {@link qualityMeasures}.
   */
  async qualityFunnel(clinicId: string, periodStart: string, periodEnd: string): Promise<QualityFunnelRow> {
    const rows: QualityFunnelRow[] = await this.db.query(
      `WITH ${depressionDiagnosesCte(6)},
       scored AS (
         SELECT a.patient_id, bool_or(a.total > $4::int) AS indexed
         FROM assessment a
         WHERE a.clinic_id = $1 AND a.instrument = $5 AND a.complete
           AND a.administered_on BETWEEN $2::date AND $3::date
         GROUP BY a.patient_id
       )
       SELECT $4::int AS "indexAbove",
         count(*)::int AS "patientsScored",
         count(*) FILTER (WHERE s.indexed)::int AS "patientsWithIndexScore",
         count(*) FILTER (WHERE s.indexed AND dx.depression)::int AS "patientsWithDiagnosis",
         count(*) FILTER (WHERE s.indexed AND dx.depression AND dx.excluded)::int AS "patientsExcluded"
       FROM scored s LEFT JOIN dx ON dx.patient_id = s.patient_id`,
      [
        clinicId,
        periodStart,
        periodEnd,
        DEPRESSION_INDEX_PHQ9_ABOVE,
        DEPRESSION_OUTCOME_RULES.instrumentId,
        ...depressionDiagnosisParams(),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('quality funnel query returned no row');
    return row;
  }

  /**
   * CoCM minutes per patient for a calendar month in the clinic's time zone: care-manager time
   * entries as intervals, merged per staff member (overlaps count once — `range_agg` multiranges),
   * clipped to the month and to consent … end of discharge day, summed and floored to minutes; then
   * the codes of libs/scoring's COCM_BILLING_RULES. Returns counts per code across the clinic.
   */
  async billingSummary(clinicId: string, timezone: string, month: string): Promise<BillingRow> {
    const r = COCM_BILLING_RULES;
    const rows: BillingRow[] = await this.db.query(
      `WITH m AS (
         SELECT tstzrange(($3 || '-01')::timestamp AT TIME ZONE $2,
                          (($3 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE $2) AS r
       ),
       per_staff AS (
         SELECT c.episode_id, c.staff_id,
           range_agg(tstzrange(c.started_at, c.started_at + make_interval(mins => c.minutes))) AS ranges
         FROM contact c JOIN staff_user s ON s.id = c.staff_id AND s.role = 'care_manager', m
         WHERE c.clinic_id = $1 AND c.minutes > 0 AND c.episode_id IS NOT NULL
           AND c.started_at < upper(m.r) AND c.started_at + make_interval(mins => c.minutes) > lower(m.r)
         GROUP BY c.episode_id, c.staff_id
       ),
       clipped AS (
         SELECT p.episode_id,
           p.ranges * tstzmultirange(m.r) * tstzmultirange(tstzrange(
             e.consent_on::timestamp AT TIME ZONE $2,
             CASE WHEN e.discharged_on IS NULL THEN NULL ELSE (e.discharged_on + 1)::timestamp AT TIME ZONE $2 END)) AS ranges,
           to_char(${episodeStartSql('e')}, 'YYYY-MM') = $3 AND NOT ${continuesEarlierEpisodeSql('e')} AS first_month
         FROM per_staff p JOIN episode e ON e.id = p.episode_id, m
         WHERE e.consent_on IS NOT NULL
       ),
       per_episode AS (
         SELECT episode_id, bool_or(first_month) AS first_month,
           floor(sum(COALESCE((SELECT sum(extract(epoch FROM upper(x) - lower(x))) FROM unnest(ranges) x), 0)) / 60)::int AS minutes
         FROM clipped GROUP BY episode_id
       ),
       coded AS (
         SELECT minutes,
           CASE WHEN first_month THEN $4::int ELSE $5::int END AS billable_at,
           CASE WHEN first_month THEN $6::int ELSE $7::int END AS base,
           first_month
         FROM per_episode WHERE minutes > 0
       )
       SELECT count(*)::int AS "patientsWithMinutes",
         COALESCE(sum(minutes), 0)::int AS "totalMinutes",
         count(*) FILTER (WHERE first_month AND minutes >= billable_at)::int AS "cpt99492",
         count(*) FILTER (WHERE NOT first_month AND minutes >= billable_at)::int AS "cpt99493",
         count(*) FILTER (WHERE minutes >= billable_at AND minutes - base >= $9::int)::int AS "cpt99494Patients",
         COALESCE(sum(CASE WHEN minutes >= billable_at AND minutes - base >= $9::int
                      THEN floor((minutes - base - $9::int)::numeric / $8::int) + 1 ELSE 0 END), 0)::int AS "cpt99494Units",
         count(*) FILTER (WHERE minutes < billable_at AND minutes >= $10::int)::int AS "g2214",
         count(*) FILTER (WHERE minutes < $10::int)::int AS "belowThreshold"
       FROM coded`,
      [
        clinicId,
        timezone,
        month,
        r.firstMonth.billableAt,
        r.laterMonth.billableAt,
        r.firstMonth.baseMinutes,
        r.laterMonth.baseMinutes,
        r.addOn.blockMinutes,
        r.addOn.billableAfterBase,
        r.general.billableAt,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('billing query returned no row');
    return row;
  }
}

export interface MonthlyOutcomeRow {
  month: string;
  careManagerId: string | null;
  measured: number;
  response: number;
  remission: number;
  improved: number;
}

export interface ProgramMetricsRow {
  improvedNumerator: number;
  improvedDenominator: number;
  contactNumerator: number;
  contactDenominator: number;
  consultNumerator: number;
  consultDenominator: number;
  averageTreatmentDays: number | null;
  dischargedEpisodes: number;
}

export interface CaseloadSizeRow {
  careManagerId: string;
  careManager: string;
  fte: number;
  openEpisodes: number;
}

export interface QualityRow {
  measure: 'DRR_E' | '12M';
  denominator: number;
  windowNotClosed: number;
  followUp: number;
  remission: number;
  response: number;
}

export interface QualityFunnelRow {
  indexAbove: number;
  patientsScored: number;
  patientsWithIndexScore: number;
  patientsWithDiagnosis: number;
  patientsExcluded: number;
}

export interface BillingRow {
  patientsWithMinutes: number;
  totalMinutes: number;
  cpt99492: number;
  cpt99493: number;
  cpt99494Patients: number;
  cpt99494Units: number;
  g2214: number;
  belowThreshold: number;
}
