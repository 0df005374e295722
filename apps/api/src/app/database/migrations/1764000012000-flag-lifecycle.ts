import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flag lifecycle and record corrections (issue #11 item 1 and the "correct or mark entered in error"
 * part of item 3).
 *
 * - `safety_follow_up`: the documented follow-up of a positive safety answer (who, when, risk level,
 *   structured plan, next contact; clinical-reference.md "Safety follow-up (what clears a safety
 *   flag)"). `assessment.safety_follow_up_id` names the follow-up that resolved a safety-risk
 *   assessment; it is set in the follow-up's transaction, so the assessment UPDATE trigger refreshes
 *   `episode_summary`.
 * - `episode_summary_source` is redefined (same columns) so each `attention` item carries
 *   `safetyResolvedAt`: the clinic-local date of its follow-up, which libs/scoring's `safetyRule`
 *   honours. The read-time probes in flags/episode-aggregate.repository.ts build the same item.
 * - `record_revision`: the original row (as JSON), reason, who and when of every correction or
 *   "entered in error" of an assessment or a contact. `assessment` and `contact` keep only current
 *   rows (a correction updates in place, entered-in-error deletes), so every existing query stays
 *   correct and the summary triggers recompute the measures.
 */
const ref = (alias: string): string =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'total', ${alias}.total, 'date', ${alias}.administered_on) END`;
const percent = (first: string, last: string): string =>
  `CASE WHEN ${first}.id <> ${last}.id AND ${first}.total > 0
     THEN ((${last}.total - ${first}.total) * 100)::float8 / ${first}.total END`;

/** The `attention` lateral of migration 1764000005000 (without the resolution date). */
const ATTENTION_BEFORE = `
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('id', a.id, 'instrument', a.instrument, 'date', a.administered_on,
            'complete', a.complete, 'total', a.total, 'safetyRisk', a.safety_risk,
            'answers', CASE WHEN a.complete THEN NULL ELSE a.answers END)
          ORDER BY a.administered_on, a.created_at, a.id) AS items
        FROM assessment a
        WHERE a.episode_id = e.id AND (a.safety_risk OR NOT a.complete)) att ON true`;

/** Each item also carries the clinic-local date of the safety follow-up that resolved it. */
const ATTENTION_AFTER = `
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('id', a.id, 'instrument', a.instrument, 'date', a.administered_on,
            'complete', a.complete, 'total', a.total, 'safetyRisk', a.safety_risk,
            'answers', CASE WHEN a.complete THEN NULL ELSE a.answers END,
            'safetyResolvedAt', (sf.performed_at AT TIME ZONE c.timezone)::date)
          ORDER BY a.administered_on, a.created_at, a.id) AS items
        FROM assessment a
        LEFT JOIN safety_follow_up sf ON sf.id = a.safety_follow_up_id
        WHERE a.episode_id = e.id AND (a.safety_risk OR NOT a.complete)) att ON true`;

const sourceView = (attention: string): string => `
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
      LEFT JOIN LATERAL (
        SELECT a.id, a.total, a.administered_on FROM assessment a
        WHERE a.episode_id = e.id AND a.instrument = 'PHQ9' AND a.complete
          AND a.administered_on >= w.window_from AND a.administered_on <= w.window_to
        ORDER BY a.administered_on ASC, a.created_at ASC, a.id ASC LIMIT 1) pf ON true
      LEFT JOIN LATERAL (
        SELECT a.id, a.total, a.administered_on FROM assessment a
        WHERE a.episode_id = e.id AND a.instrument = 'PHQ9' AND a.complete
          AND a.administered_on >= w.window_from AND a.administered_on <= w.window_to
        ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC LIMIT 1) pl ON true
      LEFT JOIN LATERAL (
        SELECT a.id, a.total, a.administered_on FROM assessment a
        WHERE a.episode_id = e.id AND a.instrument = 'PHQ9' AND a.complete
          AND a.administered_on >= w.window_from AND a.administered_on <= w.window_to
        ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC LIMIT 1 OFFSET 1) pp ON true
      LEFT JOIN LATERAL (
        SELECT a.id, a.total, a.administered_on FROM assessment a
        WHERE a.episode_id = e.id AND a.instrument = 'GAD7' AND a.complete
          AND a.administered_on >= w.window_from AND a.administered_on <= w.window_to
        ORDER BY a.administered_on ASC, a.created_at ASC, a.id ASC LIMIT 1) gf ON true
      LEFT JOIN LATERAL (
        SELECT a.id, a.total, a.administered_on FROM assessment a
        WHERE a.episode_id = e.id AND a.instrument = 'GAD7' AND a.complete
          AND a.administered_on >= w.window_from AND a.administered_on <= w.window_to
        ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC LIMIT 1) gl ON true
      LEFT JOIN LATERAL (
        SELECT json_build_object('id', x.id, 'total', x.total, 'date', x.administered_on, 'instrument', x.instrument) AS score
        FROM unnest(ARRAY['PHQ9','GAD7','PCL5']) AS i(instrument)
        CROSS JOIN LATERAL (
          SELECT a.id, a.total, a.administered_on, a.created_at, a.instrument FROM assessment a
          WHERE a.episode_id = e.id AND a.instrument = i.instrument AND a.complete
          ORDER BY a.administered_on DESC, a.created_at DESC, a.id DESC LIMIT 1) x
        ORDER BY x.administered_on DESC, x.created_at DESC, x.id DESC LIMIT 1) lo ON true
${attention}
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

export class FlagLifecycle1764000012000 implements MigrationInterface {
  name = 'FlagLifecycle1764000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE safety_follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid NOT NULL REFERENCES episode(id),
        performed_by uuid NOT NULL REFERENCES staff_user(id),
        performed_at timestamptz NOT NULL,
        method text NOT NULL CHECK (method IN ('cssrs_screener','clinical_interview','other')),
        risk_level text NOT NULL CHECK (risk_level IN ('none','low','moderate','high','imminent')),
        safety_plan text NOT NULL CHECK (safety_plan IN ('created','reviewed','not_indicated','declined')),
        lethal_means_counselling boolean NOT NULL,
        crisis_line_given boolean NOT NULL,
        disposition text NOT NULL CHECK (disposition IN ('continue_outpatient','same_day_evaluation','emergency_department')),
        consultant_notified boolean NOT NULL,
        next_contact_on date NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_safety_follow_up_patient ON safety_follow_up (patient_id, performed_at DESC)`);
    await q.query(`ALTER TABLE assessment ADD COLUMN safety_follow_up_id uuid REFERENCES safety_follow_up(id)`);
    await q.query(
      `CREATE INDEX ix_assessment_safety_follow_up ON assessment (safety_follow_up_id) WHERE safety_follow_up_id IS NOT NULL`,
    );
    // How a manual flag was cleared when not by hand: by a consultant review (DISCUSS_WITH_CONSULTANT)
    // or by a safety follow-up (SAFETY_CONCERN).
    await q.query(`ALTER TABLE manual_flag ADD COLUMN resolved_by_review_id uuid REFERENCES consultant_review(id)`);
    await q.query(`ALTER TABLE manual_flag ADD COLUMN resolved_by_follow_up_id uuid REFERENCES safety_follow_up(id)`);
    await q.query(`
      CREATE TABLE record_revision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        record_type text NOT NULL CHECK (record_type IN ('assessment','contact')),
        record_id uuid NOT NULL,
        action text NOT NULL CHECK (action IN ('corrected','entered_in_error')),
        original jsonb NOT NULL,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        revised_by uuid NOT NULL REFERENCES staff_user(id),
        revised_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_record_revision_patient ON record_revision (patient_id, revised_at DESC)`);
    await q.query(`CREATE INDEX ix_record_revision_record ON record_revision (record_id)`);
    await q.query(sourceView(ATTENTION_AFTER));
    await q.query(`SELECT episode_summary_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(sourceView(ATTENTION_BEFORE));
    await q.query(`SELECT episode_summary_rebuild()`);
    await q.query(`DROP TABLE IF EXISTS record_revision`);
    await q.query(`ALTER TABLE manual_flag DROP COLUMN IF EXISTS resolved_by_follow_up_id`);
    await q.query(`ALTER TABLE manual_flag DROP COLUMN IF EXISTS resolved_by_review_id`);
    await q.query(`DROP INDEX IF EXISTS ix_assessment_safety_follow_up`);
    await q.query(`ALTER TABLE assessment DROP COLUMN IF EXISTS safety_follow_up_id`);
    await q.query(`DROP TABLE IF EXISTS safety_follow_up`);
  }
}
