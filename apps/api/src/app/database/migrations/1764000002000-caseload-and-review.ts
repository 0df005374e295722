import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the caseload, flag and weekly-review queries (issue #4 part B, docs/adr/0002-caseload-query.md):
 * - at most one open manual flag per patient and code (a second "discuss" request is a 409, and
 *   concurrent requests cannot both win);
 * - a small partial index of the assessments that need attention (item 9 > 0 or incomplete), so
 *   the caseload finds them without reading each episode's whole history;
 * - a covering index of contacts per episode with type/completed/minutes, so the caseload's contact
 *   aggregates are index-only;
 * - recommendations by review (the review screens load a review's recommendations).
 */
export class CaseloadAndReview1764000002000 implements MigrationInterface {
  name = 'CaseloadAndReview1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX uq_manual_flag_open_code ON manual_flag (patient_id, code) WHERE resolved_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_assessment_attention ON assessment (episode_id, administered_on)
       WHERE safety_risk OR NOT complete`,
    );
    await q.query(
      `CREATE INDEX ix_contact_episode_caseload ON contact (episode_id, started_at) INCLUDE (type, completed, minutes)`,
    );
    await q.query(`CREATE INDEX ix_recommendation_review ON recommendation (review_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_recommendation_review`);
    await q.query(`DROP INDEX IF EXISTS ix_contact_episode_caseload`);
    await q.query(`DROP INDEX IF EXISTS ix_assessment_attention`);
    await q.query(`DROP INDEX IF EXISTS uq_manual_flag_open_code`);
  }
}
