import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Denormalised per-episode summary for the caseload, the review agenda and the patient flags
 * (issue #7, docs/adr/0002-caseload-query.md). `episode_summary` holds, per open episode, what the
 * read-time aggregate used to compute with ~10 lateral index probes, computed over the whole
 * history (no "today" cut-off) by the view `episode_summary_source`. Rows are recomputed by
 * triggers in the same transaction as every write to assessment, contact, consultant_review,
 * episode and clinic (time zone / thresholds). Time-relative values stay read-time: the row stores
 * dates/instants (latest assessment date, latest contact instant, the clinic-local month of the
 * latest contact and its minutes, the last two review instants and their clinic-local dates; scores
 * and percent changes pre-built as the reader returns them) and the reader checks that the
 * stored row is valid for its "today" (else it falls back to the lateral probes for that episode).
 *
 * Bulk loads may skip the triggers with `SET LOCAL huddle.skip_summary = 'on'` and must then call
 * `episode_summary_rebuild()` in the same transaction.
 */
const ref = (alias: string): string =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'total', ${alias}.total, 'date', ${alias}.administered_on) END`;
const percent = (first: string, last: string): string =>
  `CASE WHEN ${first}.id <> ${last}.id AND ${first}.total > 0
     THEN ((${last}.total - ${first}.total) * 100)::float8 / ${first}.total END`;

export class EpisodeSummary1764000005000 implements MigrationInterface {
  name = 'EpisodeSummary1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE episode_summary (
        episode_id uuid PRIMARY KEY REFERENCES episode(id) ON DELETE CASCADE,
        clinic_id uuid NOT NULL,
        lookback_days integer,
        time_zone text NOT NULL,
        window_from date,
        discharged_on date,
        phq9_first json, phq9_prev json, phq9_last json, phq9_latest smallint, phq9_percent_change float8,
        gad7_first json, gad7_last json, gad7_latest smallint, gad7_percent_change float8,
        last_outcome json,
        attention json,
        max_assessment_on date,
        first_initial_on date,
        last_contact_on date,
        max_contact_at timestamptz,
        month_start timestamptz,
        month_minutes bigint NOT NULL,
        last_reviewed_at timestamptz,
        last_reviewed_on date,
        prev_reviewed_at timestamptz,
        prev_reviewed_on date
      )`);
    await q.query(`CREATE INDEX ix_episode_summary_clinic ON episode_summary (clinic_id)`);

    // Same definitions as the read-time aggregate (flags/episode-aggregate.repository.ts), without
    // the "up to today" cut-offs: window [enrolled_on - lookback, discharged_on or ∞].
    await q.query(`
      CREATE VIEW episode_summary_source AS
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
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('id', a.id, 'instrument', a.instrument, 'date', a.administered_on,
            'complete', a.complete, 'total', a.total, 'safetyRisk', a.safety_risk,
            'answers', CASE WHEN a.complete THEN NULL ELSE a.answers END)
          ORDER BY a.administered_on, a.created_at, a.id) AS items
        FROM assessment a
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
      WHERE e.status <> 'discharged'`);

    // Recompute the rows of some episodes. The advisory locks (own key space: two int4 keys, taken in
    // id order) serialise concurrent refreshes of the same episode; each statement of this volatile
    // function takes a new snapshot (READ COMMITTED), so the second writer recomputes with the first
    // writer's committed rows.
    await q.query(`
      CREATE FUNCTION episode_summary_refresh(p_episodes uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[] := ARRAY(SELECT DISTINCT x FROM unnest(p_episodes) x WHERE x IS NOT NULL ORDER BY x);
        id uuid;
      BEGIN
        IF cardinality(ids) = 0 THEN RETURN; END IF;
        FOREACH id IN ARRAY ids LOOP
          PERFORM pg_advisory_xact_lock(1213547588, hashtext(id::text));
        END LOOP;
        DELETE FROM episode_summary WHERE episode_id = ANY(ids);
        INSERT INTO episode_summary SELECT * FROM episode_summary_source WHERE episode_id = ANY(ids);
      END $$`);
    await q.query(`
      CREATE FUNCTION episode_summary_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM episode_summary;
        INSERT INTO episode_summary SELECT * FROM episode_summary_source;
      END $$`);
    // Statement-level triggers with transition tables: one set-based refresh per statement, however
    // many rows it writes (INSERT … SELECT, multi-row UPDATE/DELETE).
    await q.query(`
      CREATE FUNCTION episode_summary_child_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          PERFORM episode_summary_refresh(ARRAY(SELECT episode_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM episode_summary_refresh(ARRAY(SELECT episode_id FROM old_rows));
        ELSE
          PERFORM episode_summary_refresh(ARRAY(SELECT episode_id FROM old_rows UNION SELECT episode_id FROM new_rows));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION episode_summary_episode_insert_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        PERFORM episode_summary_refresh(ARRAY(SELECT id FROM new_rows));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION episode_summary_episode_update_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        PERFORM episode_summary_refresh(ARRAY[NEW.id]);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION episode_summary_clinic_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        IF NEW.timezone IS DISTINCT FROM OLD.timezone OR NEW.flag_thresholds IS DISTINCT FROM OLD.flag_thresholds THEN
          PERFORM episode_summary_refresh(ARRAY(SELECT e.id FROM episode e WHERE e.clinic_id = NEW.id AND e.status <> 'discharged'));
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['assessment', 'contact', 'consultant_review']) {
      await q.query(`
        CREATE TRIGGER tr_${table}_summary_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION episode_summary_child_trigger()`);
      await q.query(`
        CREATE TRIGGER tr_${table}_summary_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION episode_summary_child_trigger()`);
      await q.query(`
        CREATE TRIGGER tr_${table}_summary_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION episode_summary_child_trigger()`);
    }
    await q.query(`
      CREATE TRIGGER tr_episode_summary_insert AFTER INSERT ON episode REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION episode_summary_episode_insert_trigger()`);
    // Only the columns the summary depends on (care team changes are read from episode itself).
    await q.query(`
      CREATE TRIGGER tr_episode_summary_update AFTER UPDATE OF status, enrolled_on, discharged_on, clinic_id ON episode
      FOR EACH ROW EXECUTE FUNCTION episode_summary_episode_update_trigger()`);
    await q.query(`
      CREATE TRIGGER tr_clinic_episode_summary AFTER UPDATE OF timezone, flag_thresholds ON clinic
      FOR EACH ROW EXECUTE FUNCTION episode_summary_clinic_trigger()`);
    await q.query(`SELECT episode_summary_rebuild()`);
    await q.query(`ANALYZE episode_summary`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS tr_clinic_episode_summary ON clinic`);
    await q.query(`DROP TRIGGER IF EXISTS tr_episode_summary_update ON episode`);
    await q.query(`DROP TRIGGER IF EXISTS tr_episode_summary_insert ON episode`);
    for (const table of ['assessment', 'contact', 'consultant_review']) {
      for (const op of ['insert', 'update', 'delete']) {
        await q.query(`DROP TRIGGER IF EXISTS tr_${table}_summary_${op} ON ${table}`);
      }
    }
    await q.query(`DROP FUNCTION IF EXISTS episode_summary_clinic_trigger()`);
    await q.query(`DROP FUNCTION IF EXISTS episode_summary_episode_update_trigger()`);
    await q.query(`DROP FUNCTION IF EXISTS episode_summary_episode_insert_trigger()`);
    await q.query(`DROP FUNCTION IF EXISTS episode_summary_child_trigger()`);
    await q.query(`DROP FUNCTION IF EXISTS episode_summary_rebuild()`);
    await q.query(`DROP FUNCTION IF EXISTS episode_summary_refresh(uuid[])`);
    await q.query(`DROP VIEW IF EXISTS episode_summary_source`);
    await q.query(`DROP TABLE IF EXISTS episode_summary`);
  }
}
