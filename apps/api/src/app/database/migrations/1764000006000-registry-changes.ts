import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows change what a caseload, agenda or outcome shows, and the column naming their clinic. */
const CLINIC_TABLES: ReadonlyArray<readonly [table: string, clinicColumn: string]> = [
  ['clinic', 'id'],
  ['staff_user', 'clinic_id'],
  ['caseload_coverage', 'clinic_id'],
  ['patient', 'clinic_id'],
  ['episode', 'clinic_id'],
  ['assessment', 'clinic_id'],
  ['contact', 'clinic_id'],
  ['consultant_review', 'clinic_id'],
  ['recommendation', 'clinic_id'],
  ['manual_flag', 'clinic_id'],
];

/**
 * Change notifications for the API's read caches (docs/adr/0005-read-caches.md).
 *
 * - `huddle_registry`: after every statement that writes registry data, one NOTIFY per clinic it
 *   touched (payload: the clinic id). PostgreSQL delivers notifications only on commit and folds
 *   identical ones within a transaction, so a bulk statement costs one notification per clinic.
 * - `huddle_session`: a session was ended (payload: the session id), so every API instance stops
 *   honouring it at once.
 *
 * Bulk loads that set `huddle.skip_summary` skip the per-clinic notifications and send `*` instead.
 */
export class RegistryChanges1764000006000 implements MigrationInterface {
  name = 'RegistryChanges1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION huddle_notify_registry_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed text;
        touched text := CASE TG_OP
          WHEN 'INSERT' THEN format('SELECT DISTINCT %I::text FROM new_rows', TG_ARGV[0])
          WHEN 'DELETE' THEN format('SELECT DISTINCT %I::text FROM old_rows', TG_ARGV[0])
          ELSE format('SELECT %1$I::text FROM new_rows UNION SELECT %1$I::text FROM old_rows', TG_ARGV[0])
        END;
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        FOR changed IN EXECUTE touched LOOP
          PERFORM pg_notify('huddle_registry', changed);
        END LOOP;
        RETURN NULL;
      END $$`);
    for (const [table, column] of CLINIC_TABLES) {
      await q.query(`
        CREATE TRIGGER tr_${table}_notify_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION huddle_notify_registry_change('${column}')`);
      await q.query(`
        CREATE TRIGGER tr_${table}_notify_update AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION huddle_notify_registry_change('${column}')`);
      await q.query(`
        CREATE TRIGGER tr_${table}_notify_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION huddle_notify_registry_change('${column}')`);
    }
    await q.query(`
      CREATE FUNCTION huddle_notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('huddle_session', NEW.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_user_session_ended AFTER UPDATE OF revoked_at ON user_session
      FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
      EXECUTE FUNCTION huddle_notify_session_ended()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS tr_user_session_ended ON user_session`);
    await q.query(`DROP FUNCTION IF EXISTS huddle_notify_session_ended()`);
    for (const [table] of CLINIC_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await q.query(`DROP TRIGGER IF EXISTS tr_${table}_notify_${op} ON ${table}`);
      }
    }
    await q.query(`DROP FUNCTION IF EXISTS huddle_notify_registry_change()`);
  }
}
