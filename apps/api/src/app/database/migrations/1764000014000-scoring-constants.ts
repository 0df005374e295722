import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SCORING_CONSTANTS } from '@huddle/scoring';

/**
 * One definition of the flag rules' inputs in the database (issue #12).
 *
 * - `scoring_constants()`: libs/scoring's `SCORING_CONSTANTS` (default baseline look-back and its
 *   bounds, tracking and anxiety instruments, outcome instruments, active episode states, patient
 *   contact types) as one IMMUTABLE jsonb, written from the library when this migration runs.
 * - Every function below is generated from the same object, its constants written in as literals
 *   ({@link GENERATED_FUNCTIONS}). `apps/api/test/truth-fixes.spec.ts` reads `scoring_constants()`
 *   and every generated function body from the database and fails when they differ from what the
 *   current library generates: a changed constant needs a new migration that re-runs the generator.
 * - `clinic_baseline_lookback(flag_thresholds)`: the clinic's look-back clamped like libs/scoring
 *   `clampFlagThresholds` (the read path's rule); `episode_window_from`: start of the measurement window.
 * - The derivations of baseline / previous / latest (PHQ-9 and GAD-7 in the measurement window),
 *   the last outcome score, the attention assessments and the first initial assessment / last patient
 *   contact exist once, as inlinable SQL functions (`episode_window_scores`, `episode_last_outcome`,
 *   `episode_attention`, `episode_contact_marks`). `episode_summary_source` (the trigger-maintained
 *   summary) and the read-time probes in flags/episode-aggregate.repository.ts both call them;
 *   before, each restated them (with 14, 'PHQ9', 'GAD7' and the instrument list as literals).
 */
export class ScoringConstants1764000014000 implements MigrationInterface {
  name = 'ScoringConstants1764000014000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of GENERATED_FUNCTIONS()) await q.query(statement);
    await q.query(sourceView());
    await q.query(`SELECT episode_summary_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(LEGACY_SOURCE_VIEW);
    await q.query(`SELECT episode_summary_rebuild()`);
    for (const fn of [
      'episode_contact_marks(uuid, timestamptz)',
      'episode_attention(uuid, date, text)',
      'episode_last_outcome(uuid, date)',
      'episode_window_scores(uuid, date, date)',
      'clinic_baseline_lookback(jsonb)',
      'episode_window_from(text, date, integer)',
      'scoring_constants()',
    ]) {
      await q.query(`DROP FUNCTION IF EXISTS ${fn}`);
    }
  }
}

/** `CREATE OR REPLACE FUNCTION scoring_constants()` holding libs/scoring's `SCORING_CONSTANTS`. */
export function scoringConstantsSql(): string {
  const json = JSON.stringify(SCORING_CONSTANTS).replace(/'/g, "''");
  return `CREATE OR REPLACE FUNCTION scoring_constants() RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT '${json}'::jsonb $$`;
}

type Constants = typeof SCORING_CONSTANTS;
type ConstantKey<T> = { [K in keyof Constants]: Constants[K] extends T ? K : never }[keyof Constants];
const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`;
/** A libs/scoring constant as a SQL literal. */
const text = (key: ConstantKey<string>): string => quote(SCORING_CONSTANTS[key]);
const int = (key: ConstantKey<number>): string => String(Math.trunc(SCORING_CONSTANTS[key]));
const textArray = (key: ConstantKey<readonly string[]>): string =>
  `ARRAY[${SCORING_CONSTANTS[key].map(quote).join(', ')}]::text[]`;

const ref = (alias: string): string =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'total', ${alias}.total, 'date', ${alias}.administered_on) END`;
const percent = (first: string, last: string): string =>
  `CASE WHEN ${first}.id <> ${last}.id AND ${first}.total > 0
     THEN ((${last}.total - ${first}.total) * 100)::float8 / ${first}.total END`;
/** One complete score of `instrument` in [p_from, p_to], first (ASC) or latest (DESC), skipping `offset`. */
const probe = (alias: string, instrument: ConstantKey<string>, direction: 'ASC' | 'DESC', offset = 0): string => `
      LEFT JOIN LATERAL (
        SELECT a.id, a.total, a.administered_on FROM assessment a
        WHERE a.episode_id = p_episode AND a.instrument = ${text(instrument)} AND a.complete
          AND a.administered_on >= p_from AND a.administered_on <= p_to
        ORDER BY a.administered_on ${direction}, a.created_at ${direction}, a.id ${direction}
        LIMIT 1${offset ? ` OFFSET ${offset}` : ''}) ${alias} ON true`;

/**
 * The functions below, generated with libs/scoring's constants written in as literals (parsed once
 * per plan, no lookups); `truth-fixes.spec.ts` compares each stored body with what this generator
 * gives for the current library, so a changed constant fails until a new migration re-creates them.
 */
export const GENERATED_FUNCTIONS = (): string[] => [
  scoringConstantsSql(),
  // Start of the measurement window: enrolment minus the look-back for an enrolled, active or
  // relapse-prevention episode; otherwise unbounded (libs/scoring computeEpisodeMeasures, evaluateFlags).
  `CREATE OR REPLACE FUNCTION episode_window_from(p_status text, p_enrolled_on date, p_lookback integer) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_status = ANY(${textArray('activeEpisodeStatuses')}) AND p_enrolled_on IS NOT NULL
      THEN p_enrolled_on - p_lookback ELSE '-infinity'::date END $$`,
  // libs/scoring clampFlagThresholds for the look-back: a number is rounded and clamped into its
  // bounds; anything else (missing, null, a string) is the default.
  `CREATE OR REPLACE FUNCTION clinic_baseline_lookback(p_thresholds jsonb) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(p_thresholds -> 'baselineLookbackDays') = 'number'
      THEN LEAST(${int('baselineLookbackMaxDays')}, GREATEST(${int('baselineLookbackMinDays')},
                 round((p_thresholds ->> 'baselineLookbackDays')::numeric)))::integer
      ELSE ${int('baselineLookbackDays')} END $$`,
  // Baseline (first), previous and latest tracking-instrument score and first/latest anxiety score in
  // the measurement window [p_from, p_to] (libs/scoring computeEpisodeMeasures' series).
  `CREATE OR REPLACE FUNCTION episode_window_scores(p_episode uuid, p_from date, p_to date)
    RETURNS TABLE (phq9_first json, phq9_prev json, phq9_last json, phq9_latest smallint, phq9_percent_change float8,
                   gad7_first json, gad7_last json, gad7_latest smallint, gad7_percent_change float8)
    LANGUAGE sql STABLE AS $$
    SELECT ${ref('pf')}, ${ref('pp')}, ${ref('pl')}, pl.total, ${percent('pf', 'pl')},
      ${ref('gf')}, ${ref('gl')}, gl.total, ${percent('gf', 'gl')}
    FROM (SELECT 1) one
    ${probe('pf', 'trackingInstrument', 'ASC')}
    ${probe('pl', 'trackingInstrument', 'DESC')}
    ${probe('pp', 'trackingInstrument', 'DESC', 1)}
    ${probe('gf', 'anxietyInstrument', 'ASC')}
    ${probe('gl', 'anxietyInstrument', 'DESC')} $$`,
  // Latest complete score of any outcome instrument up to p_as_of (NO_SCORE_30D): one backward index
  // probe per instrument, then the latest of those.
  `CREATE OR REPLACE FUNCTION episode_last_outcome(p_episode uuid, p_as_of date) RETURNS TABLE (score json)
    LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', x.id, 'total', x.total, 'date', x.administered_on, 'instrument', x.instrument)
    FROM unnest(${textArray('outcomeInstruments')}) AS i(instrument)
    CROSS JOIN LATERAL (
      SELECT a.id, a.total, a.administered_on, a.created_at, a.instrument FROM assessment a
      WHERE a.episode_id = p_episode AND a.instrument = i.instrument AND a.complete AND a.administered_on <= p_as_of
      ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC LIMIT 1) x
    ORDER BY x.administered_on DESC, x.created_at DESC, x.id DESC LIMIT 1 $$`,
  // Safety answers and incomplete forms up to p_as_of, with the clinic-local date of the follow-up
  // that resolved a safety answer.
  `CREATE OR REPLACE FUNCTION episode_attention(p_episode uuid, p_as_of date, p_time_zone text)
    RETURNS TABLE (items json) LANGUAGE sql STABLE AS $$
    SELECT COALESCE(json_agg(json_build_object('id', a.id, 'instrument', a.instrument, 'date', a.administered_on,
        'complete', a.complete, 'total', a.total, 'safetyRisk', a.safety_risk,
        'answers', CASE WHEN a.complete THEN NULL ELSE a.answers END,
        'safetyResolvedAt', (sf.performed_at AT TIME ZONE p_time_zone)::date)
      ORDER BY a.administered_on, a.created_at, a.id), '[]'::json)
    FROM assessment a
    LEFT JOIN safety_follow_up sf ON sf.id = a.safety_follow_up_id
    WHERE a.episode_id = p_episode AND (a.safety_risk OR NOT a.complete) AND a.administered_on <= p_as_of $$`,
  // First completed initial assessment, last completed patient contact and the latest contact of any
  // kind, before p_before.
  `CREATE OR REPLACE FUNCTION episode_contact_marks(p_episode uuid, p_before timestamptz)
    RETURNS TABLE (first_initial_at timestamptz, last_contact_at timestamptz, max_contact_at timestamptz)
    LANGUAGE sql STABLE AS $$
    SELECT min(k.started_at) FILTER (WHERE k.completed AND k.type = 'initial_assessment'),
      max(k.started_at) FILTER (WHERE k.completed AND k.type = ANY(${textArray('patientContactTypes')})),
      max(k.started_at)
    FROM contact k WHERE k.episode_id = p_episode AND k.started_at < p_before $$`,
];

/** The summary source (same columns as migrations 1764000005000/1764000012000) over the functions above. */
const sourceView = (): string => `
  CREATE OR REPLACE VIEW episode_summary_source AS
  SELECT e.id AS episode_id, e.clinic_id, w.lookback_days, c.timezone AS time_zone, w.window_from,
    e.discharged_on,
    sc.phq9_first, sc.phq9_prev, sc.phq9_last, sc.phq9_latest, sc.phq9_percent_change,
    sc.gad7_first, sc.gad7_last, sc.gad7_latest, sc.gad7_percent_change,
    lo.score AS last_outcome,
    att.items AS attention,
    mx.max_on AS max_assessment_on,
    (ct.first_initial_at AT TIME ZONE c.timezone)::date AS first_initial_on,
    (ct.last_contact_at AT TIME ZONE c.timezone)::date AS last_contact_on,
    ct.max_contact_at, mo.month_start,
    COALESCE(mm.minutes, 0)::bigint AS month_minutes,
    rv.last_reviewed_at, (rv.last_reviewed_at AT TIME ZONE c.timezone)::date AS last_reviewed_on,
    rv.prev_reviewed_at, (rv.prev_reviewed_at AT TIME ZONE c.timezone)::date AS prev_reviewed_on
  FROM episode e
  JOIN clinic c ON c.id = e.clinic_id
  CROSS JOIN LATERAL (SELECT clinic_baseline_lookback(c.flag_thresholds) AS days) lb
  CROSS JOIN LATERAL (
    SELECT lb.days AS lookback_days,
      episode_window_from(e.status, e.enrolled_on, lb.days) AS window_from,
      COALESCE(e.discharged_on, 'infinity'::date) AS window_to) w
  LEFT JOIN LATERAL episode_window_scores(e.id, w.window_from, w.window_to) sc ON true
  LEFT JOIN LATERAL episode_last_outcome(e.id, 'infinity'::date) lo ON true
  LEFT JOIN LATERAL episode_attention(e.id, 'infinity'::date, c.timezone) att ON true
  LEFT JOIN LATERAL (
    SELECT max(a.administered_on) AS max_on FROM assessment a WHERE a.episode_id = e.id) mx ON true
  LEFT JOIN LATERAL episode_contact_marks(e.id, 'infinity'::timestamptz) ct ON true
  LEFT JOIN LATERAL (
    SELECT date_trunc('month', ct.max_contact_at AT TIME ZONE c.timezone) AT TIME ZONE c.timezone AS month_start) mo ON true
  LEFT JOIN LATERAL (
    SELECT sum(ct2.minutes) AS minutes FROM contact ct2
    WHERE ct2.episode_id = e.id AND ct2.started_at >= mo.month_start) mm ON true
  LEFT JOIN LATERAL (
    SELECT max(r.reviewed_at) AS last_reviewed_at,
      (SELECT r2.reviewed_at FROM consultant_review r2 WHERE r2.episode_id = e.id
        ORDER BY r2.reviewed_at DESC OFFSET 1 LIMIT 1) AS prev_reviewed_at
    FROM consultant_review r WHERE r.episode_id = e.id) rv ON true
  WHERE e.status <> 'discharged'`;

const legacyProbe = (alias: string, instrument: string, direction: 'ASC' | 'DESC', offset = 0): string => `
  LEFT JOIN LATERAL (
    SELECT a.id, a.total, a.administered_on FROM assessment a
    WHERE a.episode_id = e.id AND a.instrument = '${instrument}' AND a.complete
      AND a.administered_on >= w.window_from AND a.administered_on <= w.window_to
    ORDER BY a.administered_on ${direction}, a.created_at ${direction}, a.id ${direction}
    LIMIT 1${offset ? ` OFFSET ${offset}` : ''}) ${alias} ON true`;

/** The view as migration 1764000012000 left it (for `down`): its literals are history. */
const LEGACY_SOURCE_VIEW = `
  CREATE OR REPLACE VIEW episode_summary_source AS
  SELECT e.id AS episode_id, e.clinic_id, w.lookback_days, c.timezone AS time_zone, w.window_from,
    e.discharged_on,
    ${ref('pf')} AS phq9_first, ${ref('pp')} AS phq9_prev, ${ref('pl')} AS phq9_last,
    pl.total AS phq9_latest, ${percent('pf', 'pl')} AS phq9_percent_change,
    ${ref('gf')} AS gad7_first, ${ref('gl')} AS gad7_last,
    gl.total AS gad7_latest, ${percent('gf', 'gl')} AS gad7_percent_change,
    lo.score AS last_outcome,
    COALESCE(att.items, '[]'::json) AS attention,
    mx.max_on AS max_assessment_on,
    (ct.first_initial_at AT TIME ZONE c.timezone)::date AS first_initial_on,
    (ct.last_contact_at AT TIME ZONE c.timezone)::date AS last_contact_on,
    ct.max_contact_at, mo.month_start,
    COALESCE(mm.minutes, 0)::bigint AS month_minutes,
    rv.last_reviewed_at, (rv.last_reviewed_at AT TIME ZONE c.timezone)::date AS last_reviewed_on,
    rv.prev_reviewed_at, (rv.prev_reviewed_at AT TIME ZONE c.timezone)::date AS prev_reviewed_on
  FROM episode e
  JOIN clinic c ON c.id = e.clinic_id
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN c.flag_thresholds -> 'baselineLookbackDays' IS NULL
        OR jsonb_typeof(c.flag_thresholds -> 'baselineLookbackDays') = 'null' THEN 14
      WHEN jsonb_typeof(c.flag_thresholds -> 'baselineLookbackDays') = 'number'
        AND (c.flag_thresholds ->> 'baselineLookbackDays') ~ '^[0-9]{1,6}$'
        THEN (c.flag_thresholds ->> 'baselineLookbackDays')::int
      END AS days) lb
  CROSS JOIN LATERAL (
    SELECT lb.days AS lookback_days,
      CASE WHEN e.status IN ('enrolled','active','relapse_prevention') AND e.enrolled_on IS NOT NULL
        THEN e.enrolled_on - lb.days ELSE '-infinity'::date END AS window_from,
      COALESCE(e.discharged_on, 'infinity'::date) AS window_to) w
  ${legacyProbe('pf', 'PHQ9', 'ASC')}
  ${legacyProbe('pl', 'PHQ9', 'DESC')}
  ${legacyProbe('pp', 'PHQ9', 'DESC', 1)}
  ${legacyProbe('gf', 'GAD7', 'ASC')}
  ${legacyProbe('gl', 'GAD7', 'DESC')}
  LEFT JOIN LATERAL (
    SELECT json_build_object('id', x.id, 'total', x.total, 'date', x.administered_on, 'instrument', x.instrument) AS score
    FROM unnest(ARRAY['PHQ9','GAD7','PCL5']) AS i(instrument)
    CROSS JOIN LATERAL (
      SELECT a.id, a.total, a.administered_on, a.created_at, a.instrument FROM assessment a
      WHERE a.episode_id = e.id AND a.instrument = i.instrument AND a.complete
      ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC LIMIT 1) x
    ORDER BY x.administered_on DESC, x.created_at DESC, x.id DESC LIMIT 1) lo ON true
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('id', a.id, 'instrument', a.instrument, 'date', a.administered_on,
        'complete', a.complete, 'total', a.total, 'safetyRisk', a.safety_risk,
        'answers', CASE WHEN a.complete THEN NULL ELSE a.answers END,
        'safetyResolvedAt', (sf.performed_at AT TIME ZONE c.timezone)::date)
      ORDER BY a.administered_on, a.created_at, a.id) AS items
    FROM assessment a
    LEFT JOIN safety_follow_up sf ON sf.id = a.safety_follow_up_id
    WHERE a.episode_id = e.id AND (a.safety_risk OR NOT a.complete)) att ON true
  LEFT JOIN LATERAL (
    SELECT max(a.administered_on) AS max_on FROM assessment a WHERE a.episode_id = e.id) mx ON true
  LEFT JOIN LATERAL (
    SELECT min(k.started_at) FILTER (WHERE k.completed AND k.type = 'initial_assessment') AS first_initial_at,
      max(k.started_at) FILTER (WHERE k.completed
        AND k.type IN ('initial_assessment','follow_up','relapse_prevention')) AS last_contact_at,
      max(k.started_at) AS max_contact_at
    FROM contact k WHERE k.episode_id = e.id) ct ON true
  LEFT JOIN LATERAL (
    SELECT date_trunc('month', ct.max_contact_at AT TIME ZONE c.timezone) AT TIME ZONE c.timezone AS month_start) mo ON true
  LEFT JOIN LATERAL (
    SELECT sum(ct2.minutes) AS minutes FROM contact ct2
    WHERE ct2.episode_id = e.id AND ct2.started_at >= mo.month_start) mm ON true
  LEFT JOIN LATERAL (
    SELECT max(r.reviewed_at) AS last_reviewed_at,
      (SELECT r2.reviewed_at FROM consultant_review r2 WHERE r2.episode_id = e.id
        ORDER BY r2.reviewed_at DESC OFFSET 1 LIMIT 1) AS prev_reviewed_at
    FROM consultant_review r WHERE r.episode_id = e.id) rv ON true
  WHERE e.status <> 'discharged'`;
