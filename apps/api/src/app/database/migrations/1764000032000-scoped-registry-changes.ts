import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each table's statement triggers name what a change touched (issue #13 item 5). `staff`: the
 * listed staff columns of the changed rows; `via`: the care manager and consultant of the episodes
 * whose `episodeColumn` matches the changed rows' `rowColumn`.
 */
const SCOPED_TABLES: ReadonlyArray<
  | readonly [table: string, mode: 'staff', ...columns: string[]]
  | readonly [table: string, mode: 'via', rowColumn: string, episodeColumn: string]
> = [
  // A transfer (care manager or consultant changed) is an UPDATE: old and new rows, so both caseloads.
  ['episode', 'staff', 'care_manager_id', 'consultant_id'],
  // Who covers whom changes what the covering care manager may read of the covered caseload.
  ['caseload_coverage', 'staff', 'covering_staff_id', 'covered_staff_id'],
  ['patient', 'via', 'id', 'patient_id'],
  ['assessment', 'via', 'patient_id', 'patient_id'],
  ['contact', 'via', 'patient_id', 'patient_id'],
  ['consultant_review', 'via', 'patient_id', 'patient_id'],
  ['manual_flag', 'via', 'patient_id', 'patient_id'],
  ['recommendation', 'via', 'episode_id', 'id'],
];

/**
 * Finer change notifications for the read caches (docs/adr/0005-read-caches.md, amended): a write
 * invalidates only what it can change.
 *
 * `huddle_registry` payloads, one per (clinic, scope) a statement touched (PostgreSQL folds duplicates
 * within a transaction and delivers them at commit):
 * - `<clinic id>`: anything of the clinic may have changed (`clinic`, `staff_user`; tools may send it);
 * - `<clinic id> <staff id>`: the caseload (care manager) or agenda (consultant) of that staff member;
 * - `<clinic id> .`: something of the clinic changed that no caseload or agenda shows (e.g. a patient
 *   without an episode) — clinic-wide aggregates (outcomes) are stale;
 * - `*`: everything (bulk loads), unchanged.
 *
 * Every scoped table sends `<clinic id> .` too, so clinic-wide aggregates always follow.
 */
export class ScopedRegistryChanges1764000032000 implements MigrationInterface {
  name = 'ScopedRegistryChanges1764000032000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION huddle_notify_registry_scoped() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed text;
        rows_of text := CASE TG_OP
          WHEN 'INSERT' THEN 'new_rows'
          WHEN 'DELETE' THEN 'old_rows'
          ELSE '(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)'
        END;
        touched text := format('SELECT r.clinic_id::text || '' .'' FROM %s r', rows_of);
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_ARGV[0] = 'staff' THEN
          FOR i IN 1 .. TG_NARGS - 1 LOOP
            touched := touched || format(
              ' UNION SELECT r.clinic_id::text || '' '' || r.%1$I::text FROM %2$s r WHERE r.%1$I IS NOT NULL',
              TG_ARGV[i], rows_of);
          END LOOP;
        ELSE
          touched := touched || format(
            ' UNION SELECT e.clinic_id::text || '' '' || s.staff_id::text FROM %s r'
            ' JOIN episode e ON e.%I = r.%I'
            ' CROSS JOIN LATERAL (VALUES (e.care_manager_id), (e.consultant_id)) s(staff_id)'
            ' WHERE s.staff_id IS NOT NULL',
            rows_of, TG_ARGV[2], TG_ARGV[1]);
        END IF;
        FOR changed IN EXECUTE touched LOOP
          PERFORM pg_notify('huddle_registry', changed);
        END LOOP;
        RETURN NULL;
      END $$`);
    for (const [table, ...args] of SCOPED_TABLES) {
      await replaceNotifyTriggers(q, table, `huddle_notify_registry_scoped(${args.map((a) => `'${a}'`).join(', ')})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SCOPED_TABLES) {
      await replaceNotifyTriggers(q, table, `huddle_notify_registry_change('clinic_id')`);
    }
    await q.query(`DROP FUNCTION huddle_notify_registry_scoped()`);
  }
}

/** Re-creates a table's three statement-level notify triggers (insert, update, delete) to call `call`. */
export async function replaceNotifyTriggers(q: QueryRunner, table: string, call: string): Promise<void> {
  for (const op of ['insert', 'update', 'delete'] as const) {
    const transition =
      op === 'insert'
        ? 'REFERENCING NEW TABLE AS new_rows'
        : op === 'delete'
          ? 'REFERENCING OLD TABLE AS old_rows'
          : 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows';
    await q.query(`DROP TRIGGER tr_${table}_notify_${op} ON ${table}`);
    await q.query(`
      CREATE TRIGGER tr_${table}_notify_${op} AFTER ${op.toUpperCase()} ON ${table} ${transition}
      FOR EACH STATEMENT EXECUTE FUNCTION ${call}`);
  }
}
