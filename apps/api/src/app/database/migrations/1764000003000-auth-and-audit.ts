import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in and audit (issue #5): refresh-token lookup and reuse detection on `user_session`, one-time
 * SSO hand-off codes, and the clinic-scoped audit query index.
 *
 * Append-only audit: the `trg_audit_log_append_only` trigger (initial schema) refuses UPDATE, DELETE and
 * TRUNCATE for every role, the owner included; only the owner or a superuser can disable or drop it,
 * and the hash chain (`npm run audit:verify`) exposes any change made that way. See README "Audit log".
 */
export class AuthAndAudit1764000003000 implements MigrationInterface {
  name = 'AuthAndAudit1764000003000';

  async up(q: QueryRunner): Promise<void> {
    // The hash of the refresh token that was just rotated out: presenting it again means it leaked.
    await q.query(
      `ALTER TABLE user_session ADD COLUMN previous_refresh_token_hash text, ADD COLUMN refresh_rotated_at timestamptz`,
    );
    await q.query(`CREATE UNIQUE INDEX ux_user_session_refresh_token ON user_session (refresh_token_hash)`);
    await q.query(
      `CREATE INDEX ix_user_session_previous_refresh_token ON user_session (previous_refresh_token_hash)
       WHERE previous_refresh_token_hash IS NOT NULL`,
    );

    // After SSO the browser gets a one-time code (never tokens in a URL) and exchanges it by POST.
    await q.query(`
      CREATE TABLE auth_handoff (
        code_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES staff_user(id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_auth_handoff_expires ON auth_handoff (expires_at)`);

    await q.query(`CREATE INDEX ix_audit_log_clinic_occurred ON audit_log (clinic_id, occurred_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_audit_log_clinic_occurred`);
    await q.query(`DROP TABLE IF EXISTS auth_handoff`);
    await q.query(`DROP INDEX IF EXISTS ix_user_session_previous_refresh_token`);
    await q.query(`DROP INDEX IF EXISTS ux_user_session_refresh_token`);
    await q.query(
      `ALTER TABLE user_session DROP COLUMN IF EXISTS previous_refresh_token_hash, DROP COLUMN IF EXISTS refresh_rotated_at`,
    );
  }
}
