import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { EPISODE_STATUS_SORT_ORDER, SCORING_CONSTANTS } from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { preparedQuery } from '../database/prepared-query';
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
  /** Also return each row's care manager's display name (`careManagerName`; the agenda). */
  careManagerNames?: boolean;
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
 * future-dated data, a past agenda week, changed clinic settings) by the same SQL functions the
 * summary is built from (`episode_window_scores`, `episode_last_outcome`, `episode_attention`,
 * `episode_contact_marks`, migration 1764000014000: one definition of baseline / previous / latest),
 * cut at "today". No per-patient history is loaded into Node.
 * The rows feed `toFlagSummary` so libs/scoring's `evaluateSummaryFlags` (the rules of `evaluateFlags`) stays the single rule source.
 */
@Injectable()
export class EpisodeAggregateRepository {
  private readonly prepared: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.prepared = config?.PG_PREPARED_STATEMENTS ?? false;
  }

  /** Aggregates of the open episodes of `rules.clinicId` matching `query.where`, plus the match count. */
  async find(
    query: AggregateQuery,
    em: EntityManager = this.db.manager,
  ): Promise<{ rows: EpisodeAggregate[]; total: number }> {
    const { sql, params } = buildAggregateSql(query);
    // Outside a transaction, a named prepared statement (PG_PREPARED_STATEMENTS; issue #13).
    const raw: RawRow[] =
      this.prepared && em === this.db.manager ? await preparedQuery(this.db, sql, params) : await em.query(sql, params);
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
  const active = p.add(SCORING_CONSTANTS.activeEpisodeStatuses, 'text[]');
  const asOf = p.add(rules.asOf, 'date');
  const lookback = p.add(rules.thresholds.baselineLookbackDays, 'int');
  const tz = p.add(rules.timeZone, 'text');
  const dayEnd = p.add(rules.dayEnd.toISOString(), 'timestamptz');
  const monthStart = p.add(rules.monthStart.toISOString(), 'timestamptz');
  const reviewsBefore = p.add((query.reviewsBefore ?? rules.dayEnd).toISOString(), 'timestamptz');
  const weekOf = p.add(query.weekOf ?? null, 'date');
  const statusOrder = p.add(EPISODE_STATUS_SORT_ORDER, 'text[]');
  const page =
    (query.limit === undefined ? '' : ` LIMIT ${p.add(query.limit, 'int')}`) +
    (query.offset === undefined ? '' : ` OFFSET ${p.add(query.offset, 'int')}`);

  const localDate = (instant: string): string => `((${instant}) AT TIME ZONE ${tz})::date::text`;

  // Common output columns (episode, patient, week review, manual flags) and the per-source ones.
  const head = `ep.id AS "episodeId", ep.patient_id AS "patientId", ep.status,
      ep.enrolled_on::text AS "enrolledAt", ep.discharged_on::text AS "dischargedAt",
      ep.care_manager_id AS "careManagerId", ep.consultant_id AS "consultantId",
      ep.given_name AS "givenName", ep.family_name AS "familyName", ep.mrn,
      ep.review_requested_at IS NOT NULL AS "reviewRequested",
      array_position(${statusOrder}, ep.status) AS "statusRank"`;
  const weeks = `CASE WHEN ep.enrolled_on IS NULL THEN NULL ELSE GREATEST(0, ep.window_to - ep.enrolled_on) / 7 END
        AS "weeksInTreatment"`;
  const tail = `wk.id AS "weekReviewId", ${localDate('wk.reviewed_at')} AS "weekReviewedOn",
      COALESCE(mf.items, '[]'::json) AS "manualFlags", ep.total_count AS "totalCount"${
        query.careManagerNames ? ', cmu.display_name AS "careManagerName"' : ''
      }`;
  const commonJoins = `
    LEFT JOIN LATERAL (
      SELECT r.id, r.reviewed_at FROM consultant_review r WHERE r.episode_id = ep.id AND r.week_of = ${weekOf}) wk ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', m.id, 'code', m.code) ORDER BY m.raised_at DESC, m.id) AS items
      FROM manual_flag m WHERE m.patient_id = ep.patient_id AND m.resolved_at IS NULL) mf ON true${
      query.careManagerNames ? '\n    LEFT JOIN staff_user cmu ON cmu.id = ep.care_manager_id' : ''
    }`;
  const sql = `
    SELECT * FROM (
    WITH ep AS (
      SELECT e.id, e.patient_id, e.status, e.discharged_on, e.care_manager_id, e.consultant_id,
        e.review_requested_at, p.given_name, p.family_name, p.mrn,
        CASE WHEN e.status = ANY(${active}) THEN e.enrolled_on END AS enrolled_on,
        episode_window_from(e.status, e.enrolled_on, ${lookback}) AS window_from,
        LEAST(${asOf}, COALESCE(e.discharged_on, ${asOf})) AS window_to,
        count(*) OVER () AS total_count,
        ${SUMMARY_COLUMNS.map((column) => `s.${column} AS s_${column}`).join(', ')},
        -- The stored row is valid for this read when it was computed with the same window, time
        -- zone and lookback and holds nothing after the read's cut-offs (future-dated data, reviews
        -- from the agenda week onwards); otherwise the episode is aggregated by index probes below.
        COALESCE(s.episode_id IS NOT NULL
          AND s.lookback_days = ${lookback} AND s.time_zone = ${tz}
          AND s.window_from IS NOT DISTINCT FROM episode_window_from(e.status, e.enrolled_on, ${lookback})
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
      sc.phq9_first AS "phq9First", sc.phq9_prev AS "phq9Previous", sc.phq9_last AS "phq9Last",
      sc.phq9_latest AS "phq9Latest", sc.phq9_percent_change AS "phq9PercentChange",
      sc.gad7_first AS "gad7First", sc.gad7_last AS "gad7Last",
      sc.gad7_latest AS "gad7Latest", sc.gad7_percent_change AS "gad7PercentChange",
      ${weeks},
      lo.score AS "lastOutcome",
      att.items AS attention,
      ${localDate('ct.first_initial_at')} AS "firstInitialAssessmentAt",
      ${localDate('ct.last_contact_at')} AS "lastContactAt",
      mn.minutes AS "minutesThisMonth",
      ${localDate('rv.last_reviewed_at')} AS "lastReviewAt",
      ${tail}
    FROM ep
    -- The same SQL functions as the trigger-maintained summary (migration 1764000014000), cut at "today".
    LEFT JOIN LATERAL episode_window_scores(ep.id, ep.window_from, ep.window_to) sc ON true
    LEFT JOIN LATERAL episode_last_outcome(ep.id, ${asOf}) lo ON true
    LEFT JOIN LATERAL episode_attention(ep.id, ${asOf}, ${tz}) att ON true
    LEFT JOIN LATERAL episode_contact_marks(ep.id, ${dayEnd}) ct ON true
    LEFT JOIN LATERAL (
      SELECT COALESCE(sum(c.minutes), 0) AS minutes FROM contact c
      WHERE c.episode_id = ep.id AND c.started_at >= ${monthStart} AND c.started_at < ${dayEnd}) mn ON true
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
    ...(raw.careManagerName === undefined ? {} : { careManagerName: raw.careManagerName }),
  };
}
