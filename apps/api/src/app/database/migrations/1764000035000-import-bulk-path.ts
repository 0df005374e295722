import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The API's role (database-roles.ts APP_ROLE); a literal here so the migration never changes with the code. */
const APP = 'huddle_app';

const SIGNATURE = 'huddle_import_scores(uuid, uuid, text)';
const STAGE = 'huddle_import_score_stage()';

/**
 * The imports' bulk write path for scores (issues #13 item 4, #15). A CSV file or a FHIR Bundle stages
 * its new scores in the transaction's temporary table `import_score_stage` (columns: see
 * apps/api/src/app/fhir-import/import-score-stage.sql.ts) and calls `huddle_import_scores`, which
 * inserts them into `assessment` (and their import keys into `import_key`) after checking every key
 * **once, set-based**, instead of the per-row foreign-key triggers (measured: a quarter of the
 * import's score statement, bench/results/s6-a-csv-profile.md):
 * - the clinic exists and the person entering is a staff member of that clinic (both locked FOR KEY
 *   SHARE, as the foreign-key check would);
 * - every staged patient is a patient of that clinic — one join, the patients locked FOR KEY SHARE —
 *   else it raises (23503) and the caller's transaction writes nothing;
 * - each score goes on its patient's open episode of the clinic (one hash join; the episodes locked).
 * The foreign keys stay declared: every other write (typed scores, the bulk loader) is checked by
 * them as before, and this function's own rows satisfy them (apps/api/test/import-bulk-path.spec.ts).
 *
 * The stage is created by `huddle_import_score_stage()` and owned by the functions' owner (the API may
 * insert into it, not alter or replace it; `huddle_import_scores` refuses any other table of that name).
 * The function runs as its owner (SECURITY DEFINER, fixed search_path, executable by `huddle_app`
 * only) with `session_replication_role = replica`, which skips the foreign-key triggers for its own
 * statements only — where the owner may set that parameter (a superuser, as in embedded mode, or an
 * owner given `GRANT SET ON PARAMETER session_replication_role`). Otherwise the function is created
 * without it and the same statements run with the per-row checks: correct, only slower.
 * In replica mode no ordinary trigger fires either: the summary and change-notification triggers on
 * `assessment`, which an import suspends anyway (`huddle.skip_summary`) and replaces by one set-based
 * refresh (summary-refresh.sql.ts); the function refuses to run unless they are suspended.
 */
export class ImportBulkPath1764000035000 implements MigrationInterface {
  name = 'ImportBulkPath1764000035000';

  async up(q: QueryRunner): Promise<void> {
    // The stage is created by (and so owned by) the function's owner: the API may only insert into it and
    // read it, never replace it by a view, add a trigger or a policy, or change a column's type — which
    // would run its own code inside the SECURITY DEFINER function.
    await q.query(`
      CREATE FUNCTION ${STAGE} RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        DROP TABLE IF EXISTS pg_temp.import_score_stage;
        CREATE TEMP TABLE import_score_stage (
          id uuid NOT NULL, patient_id uuid NOT NULL, instrument text NOT NULL, administered_on date NOT NULL,
          answers jsonb NOT NULL, total smallint, severity text, positive_screen boolean, complete boolean NOT NULL,
          safety_risk boolean NOT NULL, created_at timestamptz NOT NULL, key text
        ) ON COMMIT DROP;
        GRANT SELECT, INSERT ON pg_temp.import_score_stage TO ${APP};
      END $fn$`);
    await q.query(`
      CREATE FUNCTION ${SIGNATURE.replace('(uuid, uuid, text)', '(p_clinic uuid, p_entered_by uuid, p_key_type text)')}
      RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      DECLARE
        staged integer;
        missing integer;
        inserted integer;
      BEGIN
        IF p_clinic IS NULL THEN
          RAISE EXCEPTION 'huddle_import_scores: p_clinic is required' USING ERRCODE = '22004';
        END IF;
        IF p_entered_by IS NULL THEN
          RAISE EXCEPTION 'huddle_import_scores: p_entered_by is required' USING ERRCODE = '22004';
        END IF;
        IF p_key_type IS NOT NULL AND p_key_type NOT IN ('csv', 'QuestionnaireResponse', 'Observation') THEN
          RAISE EXCEPTION 'huddle_import_scores: p_key_type must be csv, QuestionnaireResponse or Observation'
            USING ERRCODE = '22023';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = to_regclass('pg_temp.import_score_stage')
                       AND c.relkind = 'r' AND c.relowner = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)) THEN
          RAISE EXCEPTION 'huddle_import_scores: stage the scores with huddle_import_score_stage() first'
            USING ERRCODE = '55000';
        END IF;
        IF current_setting('huddle.skip_summary', true) IS DISTINCT FROM 'on' THEN
          RAISE EXCEPTION 'huddle_import_scores: suspend the summary triggers first (summary-refresh.sql.ts)'
            USING ERRCODE = '55000';
        END IF;
        PERFORM 1 FROM clinic c WHERE c.id = p_clinic FOR KEY SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'huddle_import_scores: no clinic %', p_clinic USING ERRCODE = '23503';
        END IF;
        PERFORM 1 FROM staff_user s WHERE s.id = p_entered_by AND s.clinic_id = p_clinic FOR KEY SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'huddle_import_scores: no staff member % in clinic %', p_entered_by, p_clinic
            USING ERRCODE = '23503';
        END IF;

        -- One set-based key check: every staged patient is a patient of the clinic.
        WITH wanted AS (SELECT DISTINCT s.patient_id FROM pg_temp.import_score_stage s),
        held AS (
          SELECT p.id FROM patient p WHERE p.clinic_id = p_clinic AND p.id IN (SELECT w.patient_id FROM wanted w)
          FOR KEY SHARE)
        SELECT (SELECT count(*) FROM wanted) - (SELECT count(*) FROM held) INTO missing;
        IF missing <> 0 THEN
          RAISE EXCEPTION 'huddle_import_scores: % staged patient(s) are not patients of clinic %', missing, p_clinic
            USING ERRCODE = '23503';
        END IF;
        PERFORM 1 FROM episode e
        WHERE e.clinic_id = p_clinic AND e.status <> 'discharged'
          AND e.patient_id IN (SELECT DISTINCT s.patient_id FROM pg_temp.import_score_stage s)
        FOR KEY SHARE;

        INSERT INTO assessment (id, clinic_id, patient_id, episode_id, instrument, administered_on, source, answers,
          total, severity, positive_screen, complete, safety_risk, entered_by, created_at)
        SELECT s.id, p_clinic, s.patient_id, e.id, s.instrument, s.administered_on, 'import', s.answers, s.total,
          s.severity, s.positive_screen, s.complete, s.safety_risk, p_entered_by, s.created_at
        FROM pg_temp.import_score_stage s
        LEFT JOIN episode e ON e.patient_id = s.patient_id AND e.clinic_id = p_clinic AND e.status <> 'discharged'
        ORDER BY s.patient_id, s.administered_on;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        SELECT count(*) INTO staged FROM pg_temp.import_score_stage;
        IF inserted <> staged THEN
          RAISE EXCEPTION 'huddle_import_scores: % staged, % inserted', staged, inserted USING ERRCODE = '21000';
        END IF;

        IF p_key_type IS NOT NULL THEN
          INSERT INTO import_key (clinic_id, key, resource_type, target_id)
          SELECT p_clinic, s.key, p_key_type, s.id FROM pg_temp.import_score_stage s WHERE s.key IS NOT NULL;
        END IF;
        RETURN inserted;
      END $fn$`);
    await q.query(`
      DO $grant$ DECLARE allowed boolean;
      BEGIN
        SELECT rolsuper INTO allowed FROM pg_roles WHERE rolname = current_user;
        -- GRANT SET ON PARAMETER exists from PostgreSQL 15 on.
        IF NOT allowed AND current_setting('server_version_num')::int >= 150000 THEN
          EXECUTE $q$SELECT has_parameter_privilege('session_replication_role', 'SET')$q$ INTO allowed;
        END IF;
        IF allowed THEN
          ALTER FUNCTION ${SIGNATURE} SET session_replication_role = replica;
        END IF;
      END $grant$`);
    for (const fn of [STAGE, SIGNATURE]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${SIGNATURE}`);
    await q.query(`DROP FUNCTION IF EXISTS ${STAGE}`);
  }
}
