import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { EPISODE_STATUS_SORT_ORDER, SCORING_CONSTANTS, type AgendaSqlInputs } from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';
import { poolQuery } from '../database/prepared-query';
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
  /**
   * The review agenda: every matching line is placed in its bucket and ordered in SQL (libs/scoring's
   * `agendaSqlInputs` as parameters), and only the page (`limit`, `offset` over that order) is
   * aggregated and returned, with its rank and the counts of the whole agenda; `orderBy` is ignored.
   */
  agenda?: AgendaRanking;
}

/** How the agenda is ranked in SQL ({@link AggregateQuery.agenda}). */
export interface AgendaRanking {
  /** Buckets, scopes and thresholds from libs/scoring (`agendaSqlInputs(rules.thresholds)`). */
  inputs: AgendaSqlInputs;
  /** Last day (Sunday) of the agenda week (`AggregateQuery.weekOf` is its Monday). */
  weekEnd: IsoDate;
  /** Open manual flag code that counts as a SAFETY flag for the agenda. */
  safetyManualCode: string;
}

/** An agenda line's place, read with its aggregate ({@link EpisodeAggregateRepository.agendaPage}). */
export interface AgendaPlace {
  /** 1-based position on the whole agenda. */
  rank: number;
  bucketPriority: number;
  dueThisWeek: boolean;
}

/** A page of the agenda, in agenda order, and the counts of the whole agenda. */
export interface AgendaPage {
  rows: Array<{ aggregate: EpisodeAggregate; place: AgendaPlace }>;
  lines: number;
  due: number;
  /** Due lines with a review of the agenda week. */
  reviewedDue: number;
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
} & Partial<RawAgendaColumns>;

/** The agenda's extra columns (bigint window counts come back as strings). */
interface RawAgendaColumns {
  agendaRank: string;
  bucketPriority: number;
  agendaDue: boolean;
  agendaLines: string;
  agendaDueLines: string;
  agendaReviewed: string;
}

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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Aggregates of the open episodes of `rules.clinicId` matching `query.where`, plus the match count. */
  async find(
    query: AggregateQuery,
    em: EntityManager = this.db.manager,
  ): Promise<{ rows: EpisodeAggregate[]; total: number }> {
    const { sql, params } = buildAggregateSql(query);
    // Outside a transaction, on the pool directly (a named prepared statement: PG_PREPARED_STATEMENTS).
    const raw: RawRow[] = em === this.db.manager ? await poolQuery(this.db, sql, params) : await em.query(sql, params);
    const rows = raw.map(toAggregate);
    let total = raw.length > 0 ? Number(raw[0]?.totalCount) : 0;
    if (raw.length === 0 && (query.offset ?? 0) > 0) {
      const count = buildAggregateSql({ ...query, limit: undefined, offset: undefined, countOnly: true });
      const counted: Array<{ n: string }> = await em.query(count.sql, count.params);
      total = Number(counted[0]?.n ?? 0);
    }
    return { rows, total };
  }

  /**
   * The ids of the open episodes matching `query.where`, in the order {@link find} returns them without
   * `orderBy` (by name): where rows read again one by one take their place (the caseload's row refresh).
   */
  async orderedIds(query: Pick<AggregateQuery, 'rules' | 'where'>): Promise<string[]> {
    const { sql, params } = buildAggregateSql({ ...query, idsOnly: true });
    const rows: Array<{ episodeId: string }> = await poolQuery(this.db, sql, params);
    return rows.map((row) => row.episodeId);
  }

  /**
   * A page of the review agenda ({@link AggregateQuery.agenda}): one statement places and orders every
   * line and aggregates only the page's. A page past the end reads the counts with a second one.
   */
  async agendaPage(query: AggregateQuery & { agenda: AgendaRanking }): Promise<AgendaPage> {
    const { sql, params } = buildAggregateSql(query);
    const raw: RawRow[] = await poolQuery(this.db, sql, params);
    const first = raw[0];
    if (first === undefined) {
      if ((query.offset ?? 0) === 0) return { rows: [], lines: 0, due: 0, reviewedDue: 0 };
      const counts = await this.agendaPage({ ...query, offset: 0, limit: 1 });
      return { ...counts, rows: [] };
    }
    return {
      rows: raw.map((row) => ({
        aggregate: toAggregate(row),
        place: {
          rank: Number(row.agendaRank),
          bucketPriority: Number(row.bucketPriority),
          dueThisWeek: row.agendaDue === true,
        },
      })),
      lines: Number(first.agendaLines),
      due: Number(first.agendaDueLines),
      reviewedDue: Number(first.agendaReviewed),
    };
  }
}

/** Builds the aggregate statement (exported for EXPLAIN in tests and the ADR). */
export function buildAggregateSql(query: AggregateQuery & { countOnly?: boolean; idsOnly?: boolean }): {
  sql: string;
  params: unknown[];
} {
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
  if (query.idsOnly) {
    return {
      sql: `SELECT q."episodeId" FROM (
          SELECT e.id AS "episodeId", p.family_name AS "familyName", p.given_name AS "givenName"
          FROM episode e JOIN patient p ON p.id = e.patient_id WHERE ${conditions.join(' AND ')}) q
        ORDER BY ${orderByClause('name', 'asc')}, q."episodeId"`,
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
  const scoresAndReviewsFresh = `s.episode_id IS NOT NULL
          AND s.lookback_days = ${lookback} AND s.time_zone = ${tz}
          AND s.window_from IS NOT DISTINCT FROM episode_window_from(e.status, e.enrolled_on, ${lookback})
          AND s.discharged_on IS NOT DISTINCT FROM e.discharged_on
          AND (s.max_assessment_on IS NULL OR s.max_assessment_on <= ${asOf})
          AND (s.prev_reviewed_at IS NULL OR s.prev_reviewed_at < ${reviewsBefore})`;
  const agenda = query.agenda
    ? agendaRankingSql(query.agenda, p, {
        asOf,
        tz,
        reviewsBefore,
        weekOf,
        active,
        lookback,
        conditions: conditions.join(' AND '),
        summaryFresh: scoresAndReviewsFresh,
        page,
      })
    : null;

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
      }${agenda ? `, ${agenda.columns}` : ''}`;
  // The agenda's page first: only its lines are aggregated.
  const from = `FROM ep${agenda ? ' JOIN agenda_page pg ON pg.id = ep.id' : ''}`;
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
    WITH ${
      agenda
        ? `${agenda.ctes},
    `
        : ''
    }ep AS (
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
        COALESCE(${scoresAndReviewsFresh}
          AND (s.max_contact_at IS NULL OR s.max_contact_at < ${dayEnd})
          AND (s.max_contact_at IS NULL OR s.max_contact_at < ${monthStart} OR s.month_start = ${monthStart}), false) AS fresh
      FROM episode e JOIN patient p ON p.id = e.patient_id
      LEFT JOIN episode_summary s ON s.episode_id = e.id
      WHERE ${conditions.join(' AND ')}${agenda ? ' AND e.id IN (SELECT pg.id FROM agenda_page pg)' : ''}
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
    ${from}
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
    ${from}
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
    ORDER BY ${agenda ? 'q."agendaRank"' : `${query.orderBy ?? orderByClause('name', 'asc')}, q."episodeId"${page}`}`;
  return { sql, params: p.values };
}

/**
 * The agenda's placement in SQL (issue #13): every line's bucket, due flag and week review, ordered
 * like libs/scoring `orderReviewAgenda` (bucket, never reviewed then longest since review, earliest
 * enrolment, patient id), cut to the page. The bucket of a line is the lowest priority that applies:
 * - safety: an open manual safety concern, or (SAFETY rule scope) a safety answer dated by `asOf` whose
 *   follow-up is not documented by then (safetyRule);
 * - new, never reviewed: no consultant review before the agenda week;
 * - not improving (NOT_IMPROVING / NOT_IMPROVING_EARLY / WORSENING, their rule scopes): with a
 *   baseline and a later score in the measurement window, a baseline above 0, less than the response
 *   reduction and not in remission from the first non-response week (notImprovingRule), or latest −
 *   previous ≥ the worsening points (worseningRule) — computeEpisodeMeasures on the summary's
 *   baseline / previous / latest, as evaluateSummaryFlags does;
 * - requested by the care manager; otherwise routine, due once the last review is
 *   `routineReviewDays` old by the week's end (isDueThisWeek).
 * Every threshold, scope and priority is a parameter from `agendaSqlInputs`; the lines whose summary
 * is not valid for the read take the same facts from the summary's SQL functions. Proved equal to the
 * library by apps/api/test/differential.
 */
function agendaRankingSql(
  agenda: AgendaRanking,
  p: SqlParams,
  at: {
    asOf: string;
    tz: string;
    reviewsBefore: string;
    weekOf: string;
    active: string;
    lookback: string;
    /** The lines' conditions over `e` and `p`. */
    conditions: string;
    /** The summary row `s` is valid for the read's scores, safety answers and reviews. */
    summaryFresh: string;
    page: string;
  },
): { ctes: string; columns: string } {
  const { inputs } = agenda;
  const { asOf, tz, reviewsBefore, weekOf, active, lookback, page } = at;
  const priority = (bucket: keyof AgendaSqlInputs['bucketPriority']): string =>
    p.add(inputs.bucketPriority[bucket], 'int');
  const unenrolled = p.add(inputs.unenrolledStatus, 'text');
  const safetyStatuses = p.add(inputs.safetyStatuses, 'text[]');
  const notImprovingStatuses = p.add(inputs.notImprovingStatuses, 'text[]');
  const worseningStatuses = p.add(inputs.worseningStatuses, 'text[]');
  const fromWeek = p.add(inputs.notImprovingFromWeek, 'int');
  const responsePercent = p.add(inputs.responseReductionPercent, 'int');
  const remissionBelow = p.add(inputs.remissionBelow, 'int');
  const worseningPoints = p.add(inputs.worseningPoints, 'int');
  const routineDays = p.add(inputs.routineReviewDays, 'int');
  const weekEnd = p.add(agenda.weekEnd, 'date');
  const safetyCode = p.add(agenda.safetyManualCode, 'text');
  const routine = priority('longest_since_review');
  const safety = `(EXISTS (SELECT 1 FROM manual_flag m
          WHERE m.patient_id = l.patient_id AND m.code = ${safetyCode} AND m.resolved_at IS NULL)
        OR ((CASE WHEN l.enrolled_on IS NULL THEN ${unenrolled} ELSE l.status END) = ANY(${safetyStatuses})
          AND EXISTS (SELECT 1 FROM json_array_elements(l.attention) x
            WHERE (x ->> 'safetyRisk')::boolean AND (x ->> 'date')::date <= ${asOf}
              AND ((x ->> 'safetyResolvedAt') IS NULL OR (x ->> 'safetyResolvedAt')::date > ${asOf}))))`;
  const progress = `COALESCE(l.enrolled_on IS NOT NULL AND l.f_id <> l.la_id AND (
          (l.status = ANY(${notImprovingStatuses}) AND l.f_total > 0
            AND (l.f_total - l.la_total) * 100 < ${responsePercent} * l.f_total
            AND NOT COALESCE(l.la_total < ${remissionBelow}, false)
            AND GREATEST(0, l.window_to - l.enrolled_on) / 7 >= ${fromWeek})
          OR (l.status = ANY(${worseningStatuses}) AND l.la_total - l.pv_total >= ${worseningPoints})), false)`;
  const ctes = `
    agenda_ep AS (
      SELECT e.id, e.patient_id, e.status, e.review_requested_at,
        CASE WHEN e.status = ANY(${active}) THEN e.enrolled_on END AS enrolled_on,
        episode_window_from(e.status, e.enrolled_on, ${lookback}) AS window_from,
        LEAST(${asOf}, COALESCE(e.discharged_on, ${asOf})) AS window_to,
        s.last_reviewed_at, s.last_reviewed_on, s.prev_reviewed_on, s.phq9_first, s.phq9_prev, s.phq9_last, s.attention,
        -- The placement reads no contact: a contact after "today" leaves a line on its summary here.
        COALESCE(${at.summaryFresh}, false) AS fresh
      FROM episode e JOIN patient p ON p.id = e.patient_id
      LEFT JOIN episode_summary s ON s.episode_id = e.id
      WHERE ${at.conditions}
    ),
    -- Materialized: each score's total and id is read out of its JSON once.
    agenda_lines AS MATERIALIZED (
      SELECT x.id, x.patient_id, x.status, x.enrolled_on, x.window_to, x.review_requested_at, x.last_review,
        x.attention, (x.f ->> 'id') AS f_id, (x.la ->> 'id') AS la_id,
        (x.f ->> 'total')::int AS f_total, (x.pv ->> 'total')::int AS pv_total, (x.la ->> 'total')::int AS la_total
      FROM (
        SELECT ep.id, ep.patient_id, ep.status, ep.enrolled_on, ep.window_to, ep.review_requested_at,
          CASE WHEN ep.last_reviewed_at < ${reviewsBefore} THEN ep.last_reviewed_on ELSE ep.prev_reviewed_on END
            AS last_review,
          ep.phq9_first AS f, ep.phq9_prev AS pv, ep.phq9_last AS la, ep.attention
        FROM agenda_ep ep WHERE ep.fresh
        UNION ALL
        SELECT ep.id, ep.patient_id, ep.status, ep.enrolled_on, ep.window_to, ep.review_requested_at,
          (rv.last_reviewed_at AT TIME ZONE ${tz})::date, sc.phq9_first, sc.phq9_prev, sc.phq9_last, att.items
        FROM agenda_ep ep
        LEFT JOIN LATERAL episode_window_scores(ep.id, ep.window_from, ep.window_to) sc ON true
        LEFT JOIN LATERAL episode_attention(ep.id, ${asOf}, ${tz}) att ON true
        LEFT JOIN LATERAL (
          SELECT max(r.reviewed_at) AS last_reviewed_at FROM consultant_review r
          WHERE r.episode_id = ep.id AND r.reviewed_at < ${reviewsBefore}) rv ON true
        WHERE NOT ep.fresh) x
    ),
    -- Materialized: each line's bucket is computed once (the order, the due flag and the counts read it).
    agenda_placed AS MATERIALIZED (
      SELECT l.id, l.patient_id, l.enrolled_on, l.last_review,
        LEAST(CASE WHEN ${safety} THEN ${priority('safety')} END,
          CASE WHEN l.last_review IS NULL THEN ${priority('new_never_reviewed')} END,
          CASE WHEN ${progress} THEN ${priority('not_improving')} END,
          CASE WHEN l.review_requested_at IS NOT NULL THEN ${priority('care_manager_request')} END,
          ${routine}) AS bucket_priority
      FROM agenda_lines l
    ),
    agenda_ranked AS (
      SELECT a.id, a.bucket_priority, a.due,
        row_number() OVER (ORDER BY a.bucket_priority, a.last_review ASC NULLS FIRST, a.enrolled_on ASC NULLS LAST,
          a.patient_id, a.id) AS rank,
        count(*) OVER () AS n_lines,
        count(*) FILTER (WHERE a.due) OVER () AS n_due,
        -- Progress: the due lines with a review of the agenda week (probed for due lines only).
        count(*) FILTER (WHERE a.due AND EXISTS (
          SELECT 1 FROM consultant_review r WHERE r.episode_id = a.id AND r.week_of = ${weekOf})) OVER () AS n_reviewed
      FROM (
        SELECT pl.*, (pl.bucket_priority <> ${routine} OR pl.last_review IS NULL
          OR pl.last_review <= ${weekEnd} - ${routineDays}) AS due
        FROM agenda_placed pl) a
    ),
    agenda_page AS (
      SELECT rk.* FROM agenda_ranked rk ORDER BY rk.rank${page}
    )`;
  const columns = `pg.rank AS "agendaRank", pg.bucket_priority AS "bucketPriority", pg.due AS "agendaDue",
      pg.n_lines AS "agendaLines", pg.n_due AS "agendaDueLines", pg.n_reviewed AS "agendaReviewed"`;
  return { ctes, columns };
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
