import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The API's role (database-roles.ts APP_ROLE); a literal here so the migration never changes with the code. */
const APP = 'huddle_app';

/**
 * `huddle_time_ordered_uuid()`: a version-7 UUID (RFC 9562: 48-bit Unix milliseconds, then random bits),
 * for the rows an import creates in bulk — patients, their episodes, scores (issue #15 speed,
 * bench/results/s8-c-import-profile.md). Random (version-4) keys put each of 100,000 new rows on a
 * random leaf page of every index keyed by them (the primary keys; `assessment`'s indexes led by
 * `patient_id` or `episode_id`): every page touched, dirtied, split and written to the WAL whole after
 * each checkpoint. Time-ordered keys append at the right edge of those indexes instead.
 * PostgreSQL 18 has `uuidv7()`; this is the same layout for 17 (one expression, inlined by the planner).
 * Ids stay UUIDs: nothing reads meaning into them, and typed rows keep `gen_random_uuid()`.
 */
export class TimeOrderedImportIds1764000039100 implements MigrationInterface {
  name = 'TimeOrderedImportIds1764000039100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION huddle_time_ordered_uuid() RETURNS uuid
      LANGUAGE sql VOLATILE PARALLEL SAFE AS $fn$
        SELECT encode(
          set_byte(
            overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
            6, 112 + floor(random() * 16)::int),
          'hex')::uuid
      $fn$`);
    await q.query(`GRANT EXECUTE ON FUNCTION huddle_time_ordered_uuid() TO ${APP}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS huddle_time_ordered_uuid()`);
  }
}
