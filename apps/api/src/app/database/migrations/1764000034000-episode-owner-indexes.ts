import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open episodes of one care manager (the caseload) or one consultant (the agenda) within the caller's
 * clinic, from one index (issue #13 item 2). With the owner alone in the partial index, PostgreSQL read
 * `ix_episode_care_manager_open` (≈ 56 entries) AND `ix_episode_clinic_status` (every open episode of the
 * clinic: 5,393 entries at 100k patients, ≈ 50,000 at 1M) into a BitmapAnd on every caseload and agenda
 * read, so a page's cost grew with the clinic instead of the caseload. With the clinic as the index's
 * second column, both conditions are index conditions of one range read. Same names, so the plans and the
 * EXPLAIN test still name them.
 */
const INDEXES: ReadonlyArray<[name: string, column: string]> = [
  ['ix_episode_care_manager_open', 'care_manager_id'],
  ['ix_episode_consultant_open', 'consultant_id'],
];

export class EpisodeOwnerIndexes1764000034000 implements MigrationInterface {
  name = 'EpisodeOwnerIndexes1764000034000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, column] of INDEXES) {
      await q.query(`DROP INDEX IF EXISTS ${name}`);
      await q.query(`CREATE INDEX ${name} ON episode (${column}, clinic_id) WHERE status <> 'discharged'`);
    }
    await q.query('ANALYZE episode');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, column] of INDEXES) {
      await q.query(`DROP INDEX IF EXISTS ${name}`);
      await q.query(`CREATE INDEX ${name} ON episode (${column}) WHERE status <> 'discharged'`);
    }
  }
}
