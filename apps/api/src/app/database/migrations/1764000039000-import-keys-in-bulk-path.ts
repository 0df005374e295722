import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ImportBulkPath1764000035000 } from './1764000035000-import-bulk-path';

/** The API's role (database-roles.ts APP_ROLE); a literal here so the migration never changes with the code. */
const APP = 'huddle_app';

const SIGNATURE = 'huddle_import_scores(uuid, uuid, text)';
const STAGE = 'huddle_import_score_stage()';

/**
 * The FHIR import's score keys go through the bulk path too (issue #15 speed,
 * bench/results/s8-c-import-profile.md): a Bundle of 2,000 QuestionnaireResponses wrote its import keys
 * in a statement of their own, with a per-row foreign-key check, a sixth of its database time.
 *
 * - The stage (`huddle_import_score_stage()`, 1764000035000) gains `key_type`: the resource type of a
 *   staged key, for a caller whose scores have several (a Bundle's QuestionnaireResponses and
 *   Observations). Created, as before, by the functions' owner.
 * - `huddle_import_scores(clinic, entered_by, key_type)` inserts an import key for every staged score
 *   with a key and a type — its own `key_type`, else the call's `p_key_type` (the CSV import's 'csv',
 *   as before) — and refuses a staged type that is not one of a score's key types. Everything else is
 *   as in 1764000035000 (checks, locks, replica mode where the owner may set it, grants).
 * Down: the functions of 1764000035000 again.
 */
export class ImportKeysInBulkPath1764000039000 implements MigrationInterface {
  name = 'ImportKeysInBulkPath1764000039000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION ${STAGE} RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        DROP TABLE IF EXISTS pg_temp.import_score_stage;
        CREATE TEMP TABLE import_score_stage (
          id uuid NOT NULL, patient_id uuid NOT NULL, instrument text NOT NULL, administered_on date NOT NULL,
          answers jsonb NOT NULL, total smallint, severity text, positive_screen boolean, complete boolean NOT NULL,
          safety_risk boolean NOT NULL, created_at timestamptz NOT NULL, key text, key_type text
        ) ON COMMIT DROP;
        GRANT SELECT, INSERT ON pg_temp.import_score_stage TO ${APP};
      END $fn$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION ${SIGNATURE.replace('(uuid, uuid, text)', '(p_clinic uuid, p_entered_by uuid, p_key_type text)')}
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
        IF EXISTS (SELECT 1 FROM pg_temp.import_score_stage s
                   WHERE s.key_type IS NOT NULL AND s.key_type NOT IN ('csv', 'QuestionnaireResponse', 'Observation')) THEN
          RAISE EXCEPTION 'huddle_import_scores: a staged key_type must be csv, QuestionnaireResponse or Observation'
            USING ERRCODE = '22023';
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

        INSERT INTO import_key (clinic_id, key, resource_type, target_id)
        SELECT p_clinic, s.key, COALESCE(s.key_type, p_key_type), s.id FROM pg_temp.import_score_stage s
        WHERE s.key IS NOT NULL AND COALESCE(s.key_type, p_key_type) IS NOT NULL;
        RETURN inserted;
      END $fn$`);
    // CREATE OR REPLACE keeps the owner and the grants but resets the function's settings to those it
    // names: replica mode again where the owner may set it (as 1764000035000 decided).
    await q.query(`
      DO $grant$ DECLARE allowed boolean;
      BEGIN
        SELECT rolsuper INTO allowed FROM pg_roles WHERE rolname = current_user;
        IF NOT allowed AND current_setting('server_version_num')::int >= 150000 THEN
          EXECUTE $q$SELECT has_parameter_privilege('session_replication_role', 'SET')$q$ INTO allowed;
        END IF;
        IF allowed THEN
          ALTER FUNCTION ${SIGNATURE} SET session_replication_role = replica;
        END IF;
      END $grant$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await new ImportBulkPath1764000035000().down(q);
    await new ImportBulkPath1764000035000().up(q);
  }
}
