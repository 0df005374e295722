import type { MigrationInterface, QueryRunner } from 'typeorm';
import { replaceNotifyTriggers } from './1764000032000-scoped-registry-changes';

/**
 * Beyond this many patients in one statement, its notifications name the staff members only (as before):
 * the caseloads they touched are recomputed whole rather than row by row, and a large statement (an
 * import, a transfer of a whole caseload) does not send thousands of notifications.
 */
export const PATIENTS_NAMED_PER_STATEMENT = 50;

/**
 * How each table's statement triggers name what a change touched. `staff`: the listed staff columns of
 * the changed rows, with the patient column (or '' for none); `via`: the care manager and consultant of
 * the episodes whose `episodeColumn` matches the changed rows' `rowColumn`, with those episodes' patients.
 */
const SCOPED_TABLES: ReadonlyArray<
  | readonly [table: string, mode: 'staff', patientColumn: string, ...staffColumns: string[]]
  | readonly [table: string, mode: 'via', rowColumn: string, episodeColumn: string]
> = [
  // A transfer (care manager or consultant changed) is an UPDATE: old and new rows, so both caseloads.
  ['episode', 'staff', 'patient_id', 'care_manager_id', 'consultant_id'],
  // Who covers whom changes what the covering care manager may read of the whole covered caseload.
  ['caseload_coverage', 'staff', '', 'covering_staff_id', 'covered_staff_id'],
  ['patient', 'via', 'id', 'patient_id'],
  ['assessment', 'via', 'patient_id', 'patient_id'],
  ['contact', 'via', 'patient_id', 'patient_id'],
  ['consultant_review', 'via', 'patient_id', 'patient_id'],
  ['manual_flag', 'via', 'patient_id', 'patient_id'],
  ['recommendation', 'via', 'episode_id', 'id'],
];

/**
 * Change notifications that name the patient as well (issue #13: a caseload that a write does not throw
 * away whole; docs/adr/0005-read-caches.md, amended). `huddle_registry` payloads:
 * - `<clinic id>`, `<clinic id> .`, `*`: unchanged (migration 1764000032000);
 * - `<clinic id> <staff id> <patient id>`: the rows of that patient in the staff member's caseload or
 *   agenda changed (a caseload re-reads only those rows);
 * - `<clinic id> <staff id>`: anything of that caseload or agenda (coverage, or a statement touching more
 *   than {@link PATIENTS_NAMED_PER_STATEMENT} patients).
 *
 * An API instance that still runs the code before this migration reads a three-part payload as an unknown
 * staff member's: every instance restarts on the upgrade (the migration runs at start-up).
 */
export class PatientNamedRegistryChanges1764000040000 implements MigrationInterface {
  name = 'PatientNamedRegistryChanges1764000040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION huddle_notify_registry_named() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed text;
        rows_of text := CASE TG_OP
          WHEN 'INSERT' THEN 'new_rows'
          WHEN 'DELETE' THEN 'old_rows'
          ELSE '(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)'
        END;
        -- (clinic_id, staff_id, patient_id) of every caseload or agenda row the statement touched.
        scoped text := '';
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_ARGV[0] = 'staff' THEN
          FOR i IN 2 .. TG_NARGS - 1 LOOP
            scoped := scoped || CASE WHEN i > 2 THEN ' UNION ALL ' ELSE '' END || format(
              'SELECT r.clinic_id, r.%1$I AS staff_id, %3$s AS patient_id FROM %2$s r WHERE r.%1$I IS NOT NULL',
              TG_ARGV[i], rows_of,
              CASE WHEN TG_ARGV[1] = '' THEN 'NULL::uuid' ELSE format('r.%I', TG_ARGV[1]) END);
          END LOOP;
        ELSE
          scoped := format(
            'SELECT e.clinic_id, s.staff_id, e.patient_id FROM %s r'
            ' JOIN episode e ON e.%I = r.%I'
            ' CROSS JOIN LATERAL (VALUES (e.care_manager_id), (e.consultant_id)) s(staff_id)'
            ' WHERE s.staff_id IS NOT NULL',
            rows_of, TG_ARGV[2], TG_ARGV[1]);
        END IF;
        FOR changed IN EXECUTE format(
          'WITH s AS (%s), n AS (SELECT count(DISTINCT s.patient_id) AS patients FROM s)'
          ' SELECT r.clinic_id::text || '' .'' FROM %s r'
          ' UNION SELECT s.clinic_id::text || '' '' || s.staff_id::text'
          ' || CASE WHEN s.patient_id IS NULL OR n.patients > %s THEN '''' ELSE '' '' || s.patient_id::text END'
          ' FROM s CROSS JOIN n',
          scoped, rows_of, ${PATIENTS_NAMED_PER_STATEMENT})
        LOOP
          PERFORM pg_notify('huddle_registry', changed);
        END LOOP;
        RETURN NULL;
      END $$`);
    for (const [table, ...args] of SCOPED_TABLES) {
      await replaceNotifyTriggers(q, table, `huddle_notify_registry_named(${args.map((a) => `'${a}'`).join(', ')})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, mode, ...rest] of SCOPED_TABLES) {
      // The scoped function's arguments: staff columns without the patient column.
      const args = mode === 'staff' ? [mode, ...rest.slice(1)] : [mode, ...rest];
      await replaceNotifyTriggers(q, table, `huddle_notify_registry_scoped(${args.map((a) => `'${a}'`).join(', ')})`);
    }
    await q.query(`DROP FUNCTION huddle_notify_registry_named()`);
  }
}
