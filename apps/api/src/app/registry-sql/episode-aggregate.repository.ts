import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { INSTRUMENTS } from '@huddle/scoring';
import { ACTIVE_EPISODE_STATUSES, PATIENT_CONTACT_TYPES, type InstrumentId, type IsoDate } from '@huddle/shared-types';
import type { ClinicRules } from './clinic-rules.service';
import type { EpisodeAggregate } from './episode-aggregate.model';
import { SqlParams } from './sql-params';

/** Which open episodes to aggregate and how to order/page them. */
export interface AggregateQuery {
  rules: ClinicRules;
  /** Extra SQL conditions over `e` (episode) and `p` (patient); use `params.add` for values. */
  where: (params: SqlParams) => string[];
  /** Reviews at or after this instant are ignored (default: end of `asOf`). */
  reviewsBefore?: Date;
  /** Week (Monday) whose review id is returned as `weekReviewId`. */
  weekOf?: IsoDate | null;
  /** ORDER BY body over the output row `q` (see {@link orderByClause}); default by name. */
  orderBy?: string;
  limit?: number;
  offset?: number;
}

/** Output columns by caseload sort key (column sorts; `priority` is evaluated in Node). */
export const SORT_COLUMNS = {
  name: ['lower(q."familyName")', 'lower(q."givenName")'],
  mrn: ['q.mrn'],
  status: ['q."statusRank"'],
  enrolledAt: ['q."enrolledAt"'],
  weeksInTreatment: ['q."weeksInTreatment"'],
  phq9Latest: ['q."phq9Latest"'],
  phq9PercentChange: ['q."phq9PercentChange"'],
  gad7Latest: ['q."gad7Latest"'],
  lastContactAt: ['q."lastContactAt"'],
  lastReviewAt: ['q."lastReviewAt"'],
  minutesThisMonth: ['q."minutesThisMonth"'],
} as const satisfies Record<string, readonly string[]>;

/** `ORDER BY` body for a sort key: the column(s) in `order`, nulls last, then name and episode id. */
export function orderByClause(sort: keyof typeof SORT_COLUMNS, order: 'asc' | 'desc'): string {
  const direction = order === 'desc' ? 'DESC' : 'ASC';
  const keys = [...SORT_COLUMNS[sort], ...(sort === 'name' ? [] : SORT_COLUMNS.name)];
  return keys.map((key, i) => `${key} ${i < SORT_COLUMNS[sort].length ? direction : 'ASC'} NULLS LAST`).join(', ');
}

const OUTCOME_INSTRUMENTS: InstrumentId[] = Object.values(INSTRUMENTS)
  .filter((instrument) => instrument.tracksOutcome)
  .map((instrument) => instrument.id);

/** episode_summary columns the summary branch reads (carried through the `ep` CTE as `s_<column>`). */
const SUMMARY_COLUMNS = [
  'attention',
  'first_initial_on',
  'gad7_first',
  'gad7_last',
  'gad7_latest',
  'gad7_percent_change',
  'last_contact_on',
  'last_outcome',
  'last_reviewed_at',
  'last_reviewed_on',
  'max_contact_at',
  'month_minutes',
  'phq9_first',
  'phq9_last',
  'phq9_latest',
  'phq9_percent_change',
  'phq9_prev',
  'prev_reviewed_on',
] as const;

/** A result row: the aggregate (bigint sums come back as strings) plus sort-only columns. */
type RawRow = Omit<EpisodeAggregate, 'minutesThisMonth'> & {
  minutesThisMonth: string | number;
  totalCount: string;
  statusRank: number;
  phq9Latest: number | null;
  gad7Latest: number | null;
};

/**
 * Per-episode aggregates in one SQL statement: read from `episode_summary` (maintained by triggers
 * in the write transaction) when the stored row is valid for the request's "today"; otherwise (rare:
 * future-dated data, a past agenda week, changed clinic settings) by lateral index probes on
 * assessment, contact and consultant_review. No per-patient history is loaded into Node.
 * The rows feed `toFlagContext` so libs/scoring's `evaluateFlags` stays the single rule source.
 */
@Injectable()
export class EpisodeAggregateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Aggregates of the open episodes of `rules.clinicId` matching `query.where`, plus the match count. */
  async find(
    query: AggregateQuery,
    em: EntityManager = this.db.manager,
  ): Promise<{ rows: EpisodeAggregate[]; total: number }> {
    const { sql, params } = buildAggregateSql(query);
    const raw: RawRow[] = await em.query(sql, params);
    const rows = raw.map(toAggregate);
    let total = raw.length > 0 ? Number(raw[0]?.totalCount) : 0;
    if (raw.length === 0 && (query.offset ?? 0) > 0) {
      const count = buildAggregateSql({ ...query, limit: undefined, offset: undefined, countOnly: true });
      const counted: Array<{ n: string }> = await em.query(count.sql, count.params);
      total = Number(counted[0]?.n ?? 0);
    }
    return { rows, total };
  }
}

/** Builds the aggregate statement (exported for EXPLAIN in tests and the ADR). */
export function buildAggregateSql(query: AggregateQuery & { countOnly?: boolean }): { sql: string; params: unknown[] } {
  const { rules } = query;
  const p = new SqlParams();
  const clinic = p.add(rules.clinicId, 'uuid');
  const conditions = [`e.clinic_id = ${clinic}`, `e.status <> 'discharged'`, ...query.where(p)];
  if (query.countOnly) {
    return {
      sql: `SELECT count(*) AS n FROM episode e JOIN patient p ON p.id = e.patient_id WHERE ${conditions.join(' AND ')}`,
      params: p.values,
    };
  }
  const active = p.add(ACTIVE_EPISODE_STATUSES, 'text[]');
  const asOf = p.add(rules.asOf, 'date');
  const lookback = p.add(rules.thresholds.baselineLookbackDays, 'int');
  const tz = p.add(rules.timeZone, 'text');
  const dayEnd = p.add(rules.dayEnd.toISOString(), 'timestamptz');
  const monthStart = p.add(rules.monthStart.toISOString(), 'timestamptz');
  const reviewsBefore = p.add((query.reviewsBefore ?? rules.dayEnd).toISOString(), 'timestamptz');
  const weekOf = p.add(query.weekOf ?? null, 'date');
  const outcome = p.add(OUTCOME_INSTRUMENTS, 'text[]');
  const contactTypes = p.add(PATIENT_CONTACT_TYPES, 'text[]');
  const page =
    (query.limit === undefined ? '' : ` LIMIT ${p.add(query.limit, 'int')}`) +
    (query.offset === undefined ? '' : ` OFFSET ${p.add(query.offset, 'int')}`);

  const score = (alias: string, instrument: string, direction: 'ASC' | 'DESC', offset = 0): string => `
    LEFT JOIN LATERAL (
      SELECT a.id, a.total, a.administered_on FROM assessment a
      WHERE a.episode_id = ep.id AND a.instrument = '${instrument}' AND a.complete
        AND a.administered_on >= ep.window_from AND a.administered_on <= ep.window_to
      ORDER BY a.administered_on ${direction}, a.created_at ${direction}, a.id ${direction}
      LIMIT 1${offset ? ` OFFSET ${offset}` : ''}) ${alias} ON true`;
  const ref = (alias: string): string =>
    `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'total', ${alias}.total, 'date', ${alias}.administered_on) END`;
  const percent = (first: string, last: string): string =>
    `CASE WHEN ${first}.id <> ${last}.id AND ${first}.total > 0
       THEN ((${last}.total - ${first}.total) * 100)::float8 / ${first}.total END`;
  const localDate = (instant: string): string => `((${instant}) AT TIME ZONE ${tz})::date::text`;

  // Common output columns (episode, patient, week review, manual flags) and the per-source ones.
  const head = `ep.id AS "episodeId", ep.patient_id AS "patientId", ep.status,
      ep.enrolled_on::text AS "enrolledAt", ep.discharged_on::text AS "dischargedAt",
      ep.care_manager_id AS "careManagerId", ep.consultant_id AS "consultantId",
      ep.given_name AS "givenName", ep.family_name AS "familyName", ep.mrn,
      ep.review_requested_at IS NOT NULL AS "reviewRequested",
      array_position(ARRAY['referred','enrolled','active','relapse_prevention'], ep.status) AS "statusRank"`;
  const weeks = `CASE WHEN ep.enrolled_on IS NULL THEN NULL ELSE GREATEST(0, ep.window_to - ep.enrolled_on) / 7 END
        AS "weeksInTreatment"`;
  const tail = `wk.id AS "weekReviewId", ${localDate('wk.reviewed_at')} AS "weekReviewedOn",
      COALESCE(mf.items, '[]'::json) AS "manualFlags", ep.total_count AS "totalCount"`;
  const commonJoins = `
    LEFT JOIN LATERAL (
      SELECT r.id, r.reviewed_at FROM consultant_review r WHERE r.episode_id = ep.id AND r.week_of = ${weekOf}) wk ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', m.id, 'code', m.code) ORDER BY m.raised_at DESC, m.id) AS items
      FROM manual_flag m WHERE m.patient_id = ep.patient_id AND m.resolved_at IS NULL) mf ON true`;
  const sql = `
    SELECT * FROM (
    WITH ep AS (
      SELECT e.id, e.patient_id, e.status, e.discharged_on, e.care_manager_id, e.consultant_id,
        e.review_requested_at, p.given_name, p.family_name, p.mrn,
        CASE WHEN e.status = ANY(${active}) THEN e.enrolled_on END AS enrolled_on,
        CASE WHEN e.status = ANY(${active}) AND e.enrolled_on IS NOT NULL
          THEN e.enrolled_on - ${lookback} ELSE '-infinity'::date END AS window_from,
        LEAST(${asOf}, COALESCE(e.discharged_on, ${asOf})) AS window_to,
        count(*) OVER () AS total_count,
        ${SUMMARY_COLUMNS.map((column) => `s.${column} AS s_${column}`).join(', ')},
        -- The stored row is valid for this read when it was computed with the same window, time
        -- zone and lookback and holds nothing after the read's cut-offs (future-dated data, reviews
        -- from the agenda week onwards); otherwise the episode is aggregated by index probes below.
        COALESCE(s.episode_id IS NOT NULL
          AND s.lookback_days = ${lookback} AND s.time_zone = ${tz}
          AND s.window_from IS NOT DISTINCT FROM (CASE WHEN e.status = ANY(${active}) AND e.enrolled_on IS NOT NULL
            THEN e.enrolled_on - ${lookback} ELSE '-infinity'::date END)
          AND s.discharged_on IS NOT DISTINCT FROM e.discharged_on
          AND (s.max_assessment_on IS NULL OR s.max_assessment_on <= ${asOf})
          AND (s.max_contact_at IS NULL OR s.max_contact_at < ${dayEnd})
          AND (s.max_contact_at IS NULL OR s.max_contact_at < ${monthStart} OR s.month_start = ${monthStart})
          AND (s.prev_reviewed_at IS NULL OR s.prev_reviewed_at < ${reviewsBefore}), false) AS fresh
      FROM episode e JOIN patient p ON p.id = e.patient_id
      LEFT JOIN episode_summary s ON s.episode_id = e.id
      WHERE ${conditions.join(' AND ')}
    )
    SELECT ${head},
      ep.s_phq9_first AS "phq9First", ep.s_phq9_prev AS "phq9Previous", ep.s_phq9_last AS "phq9Last",
      ep.s_phq9_latest AS "phq9Latest", ep.s_phq9_percent_change AS "phq9PercentChange",
      ep.s_gad7_first AS "gad7First", ep.s_gad7_last AS "gad7Last",
      ep.s_gad7_latest AS "gad7Latest", ep.s_gad7_percent_change AS "gad7PercentChange",
      ${weeks},
      ep.s_last_outcome AS "lastOutcome",
      ep.s_attention AS attention,
      ep.s_first_initial_on::text AS "firstInitialAssessmentAt",
      ep.s_last_contact_on::text AS "lastContactAt",
      CASE WHEN ep.s_max_contact_at >= ${monthStart} THEN ep.s_month_minutes ELSE 0::bigint END AS "minutesThisMonth",
      (CASE WHEN ep.s_last_reviewed_at < ${reviewsBefore} THEN ep.s_last_reviewed_on
        ELSE ep.s_prev_reviewed_on END)::text AS "lastReviewAt",
      ${tail}
    FROM ep
    ${commonJoins}
    WHERE ep.fresh
    UNION ALL
    SELECT ${head},
      ${ref('pf')} AS "phq9First", ${ref('pp')} AS "phq9Previous", ${ref('pl')} AS "phq9Last",
      pl.total AS "phq9Latest", ${percent('pf', 'pl')} AS "phq9PercentChange",
      ${ref('gf')} AS "gad7First", ${ref('gl')} AS "gad7Last",
      gl.total AS "gad7Latest", ${percent('gf', 'gl')} AS "gad7PercentChange",
      ${weeks},
      lo.score AS "lastOutcome",
      COALESCE(att.items, '[]'::json) AS attention,
      ${localDate('ct.first_initial_at')} AS "firstInitialAssessmentAt",
      ${localDate('ct.last_contact_at')} AS "lastContactAt",
      ct.minutes AS "minutesThisMonth",
      ${localDate('rv.last_reviewed_at')} AS "lastReviewAt",
      ${tail}
    FROM ep
    ${score('pf', 'PHQ9', 'ASC')}
    ${score('pl', 'PHQ9', 'DESC')}
    ${score('pp', 'PHQ9', 'DESC', 1)}
    ${score('gf', 'GAD7', 'ASC')}
    ${score('gl', 'GAD7', 'DESC')}
    LEFT JOIN LATERAL (
      -- One backward index probe per outcome instrument, then the latest of those.
      SELECT json_build_object('id', x.id, 'total', x.total, 'date', x.administered_on, 'instrument', x.instrument) AS score
      FROM unnest(${outcome}) AS i(instrument)
      CROSS JOIN LATERAL (
        SELECT a.id, a.total, a.administered_on, a.created_at, a.instrument FROM assessment a
        WHERE a.episode_id = ep.id AND a.instrument = i.instrument AND a.complete AND a.administered_on <= ${asOf}
        ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC LIMIT 1) x
      ORDER BY x.administered_on DESC, x.created_at DESC, x.id DESC LIMIT 1) lo ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', a.id, 'instrument', a.instrument, 'date', a.administered_on,
          'complete', a.complete, 'total', a.total, 'safetyRisk', a.safety_risk,
          'answers', CASE WHEN a.complete THEN NULL ELSE a.answers END,
          'safetyResolvedAt', (sf.performed_at AT TIME ZONE ${tz})::date)
        ORDER BY a.administered_on, a.created_at, a.id) AS items
      FROM assessment a
      LEFT JOIN safety_follow_up sf ON sf.id = a.safety_follow_up_id
      WHERE a.episode_id = ep.id AND (a.safety_risk OR NOT a.complete) AND a.administered_on <= ${asOf}) att ON true
    LEFT JOIN LATERAL (
      SELECT min(c.started_at) FILTER (WHERE c.completed AND c.type = 'initial_assessment') AS first_initial_at,
        max(c.started_at) FILTER (WHERE c.completed AND c.type = ANY(${contactTypes})) AS last_contact_at,
        COALESCE(sum(c.minutes) FILTER (WHERE c.started_at >= ${monthStart}), 0) AS minutes
      FROM contact c WHERE c.episode_id = ep.id AND c.started_at < ${dayEnd}) ct ON true
    LEFT JOIN LATERAL (
      SELECT max(r.reviewed_at) AS last_reviewed_at FROM consultant_review r
      WHERE r.episode_id = ep.id AND r.reviewed_at < ${reviewsBefore}) rv ON true
    ${commonJoins}
    WHERE NOT ep.fresh
    ) q
    ORDER BY ${query.orderBy ?? orderByClause('name', 'asc')}, q."episodeId"${page}`;
  return { sql, params: p.values };
}

function toAggregate(raw: RawRow): EpisodeAggregate {
  return {
    episodeId: raw.episodeId,
    patientId: raw.patientId,
    status: raw.status,
    enrolledAt: raw.enrolledAt,
    dischargedAt: raw.dischargedAt,
    careManagerId: raw.careManagerId,
    consultantId: raw.consultantId,
    givenName: raw.givenName,
    familyName: raw.familyName,
    mrn: raw.mrn,
    reviewRequested: raw.reviewRequested,
    phq9First: raw.phq9First,
    phq9Previous: raw.phq9Previous,
    phq9Last: raw.phq9Last,
    phq9PercentChange: raw.phq9PercentChange,
    gad7First: raw.gad7First,
    gad7Last: raw.gad7Last,
    gad7PercentChange: raw.gad7PercentChange,
    weeksInTreatment: raw.weeksInTreatment,
    lastOutcome: raw.lastOutcome,
    attention: raw.attention,
    firstInitialAssessmentAt: raw.firstInitialAssessmentAt,
    lastContactAt: raw.lastContactAt,
    minutesThisMonth: Number(raw.minutesThisMonth),
    lastReviewAt: raw.lastReviewAt,
    weekReviewId: raw.weekReviewId,
    weekReviewedOn: raw.weekReviewedOn,
    manualFlags: raw.manualFlags,
  };
}
