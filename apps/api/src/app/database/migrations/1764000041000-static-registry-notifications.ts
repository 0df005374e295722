import type { MigrationInterface, QueryRunner } from 'typeorm';
import { replaceNotifyTriggers } from './1764000032000-scoped-registry-changes';
import { PATIENTS_NAMED_PER_STATEMENT } from './1764000040000-patient-named-registry-changes';

/**
 * The tables whose rows reach their caseloads through episodes: `[table, rowColumn, episodeColumn]`,
 * the changed rows' column matched to the episode's (as in migration 1764000040000).
 */
export const VIA_TABLES = [
  ['patient', 'id', 'patient_id'],
  ['assessment', 'patient_id', 'patient_id'],
  ['contact', 'patient_id', 'patient_id'],
  ['consultant_review', 'patient_id', 'patient_id'],
  ['manual_flag', 'patient_id', 'patient_id'],
  ['recommendation', 'episode_id', 'id'],
] as const;

const ROWS_OF = {
  INSERT: 'new_rows',
  DELETE: 'old_rows',
  UPDATE: '(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)',
} as const;

/**
 * The payloads a statement's changed rows (`rows`) send, with the same meaning as
 * `huddle_notify_registry_named` (migration 1764000040000): `<clinic> .`, and per caseload or agenda
 * touched `<clinic> <staff> <patient>` (or `<clinic> <staff>` beyond PATIENTS_NAMED_PER_STATEMENT patients).
 */
function namedPayloads(rows: string, rowColumn: string, episodeColumn: string): string {
  return `WITH s AS (
      SELECT e.clinic_id, s.staff_id, e.patient_id FROM ${rows} r
      JOIN episode e ON e.${episodeColumn} = r.${rowColumn}
      CROSS JOIN LATERAL (VALUES (e.care_manager_id), (e.consultant_id)) s(staff_id)
      WHERE s.staff_id IS NOT NULL),
    n AS (SELECT count(DISTINCT s.patient_id) AS patients FROM s)
    SELECT r.clinic_id::text || ' .' FROM ${rows} r
    UNION SELECT s.clinic_id::text || ' ' || s.staff_id::text
      || CASE WHEN s.patient_id IS NULL OR n.patients > ${PATIENTS_NAMED_PER_STATEMENT} THEN '' ELSE ' ' || s.patient_id::text END
    FROM s CROSS JOIN n`;
}

/**
 * The change notifications of the tables reached through episodes (scores, contacts, reviews, manual
 * flags, recommendations, patients) in static SQL (issue #13: what a write costs PostgreSQL).
 *
 * `huddle_notify_registry_named` composes its statement with `format()` and runs it with `EXECUTE`, so
 * PostgreSQL parsed and planned it on every write: 0.28 ms of planning against 0.05 ms of running, on
 * every score, contact and review (`pg_stat_statements` with planning tracked, 100k registry). PL/pgSQL
 * keeps the plan of a static statement per connection and table, a statement over a transition table
 * included. One branch per operation and column pair, each written out here from one template; a
 * branch's columns are resolved when it first runs, so a table only ever prepares its own.
 *
 * The payloads are unchanged. The staff-column tables (episode, caseload_coverage) keep
 * `huddle_notify_registry_named`: their statements name a variable list of columns.
 */
export class StaticRegistryNotifications1764000041000 implements MigrationInterface {
  name = 'StaticRegistryNotifications1764000041000';

  async up(q: QueryRunner): Promise<void> {
    const pairs = [...new Map(VIA_TABLES.map(([, row, episode]) => [`${row}:${episode}`, [row, episode]])).values()];
    const branches = pairs.flatMap(([row, episode]) =>
      (Object.keys(ROWS_OF) as Array<keyof typeof ROWS_OF>).map(
        (op) => `
        IF TG_OP = '${op}' AND TG_ARGV[0] = '${row}' AND TG_ARGV[1] = '${episode}' THEN
          FOR changed IN ${namedPayloads(ROWS_OF[op], row, episode)} LOOP
            PERFORM pg_notify('huddle_registry', changed);
          END LOOP;
          RETURN NULL;
        END IF;`,
      ),
    );
    await q.query(`
      CREATE FUNCTION huddle_notify_registry_via() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed text;
      BEGIN
        IF current_setting('huddle.skip_summary', true) = 'on' THEN RETURN NULL; END IF;
        ${branches.join('\n')}
        RAISE EXCEPTION 'huddle_notify_registry_via: no statement for % on %(%, %)',
          TG_OP, TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1];
      END $$`);
    for (const [table, row, episode] of VIA_TABLES) {
      await replaceNotifyTriggers(q, table, `huddle_notify_registry_via('${row}', '${episode}')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, row, episode] of VIA_TABLES) {
      await replaceNotifyTriggers(q, table, `huddle_notify_registry_named('via', '${row}', '${episode}')`);
    }
    await q.query(`DROP FUNCTION huddle_notify_registry_via()`);
  }
}
