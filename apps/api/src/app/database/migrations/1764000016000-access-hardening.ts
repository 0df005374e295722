import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14 (items 8 and 9):
 * - `login_throttle`: failed password attempts per (account, client), with back-off and a lock of that
 *   pair only, so a stranger elsewhere cannot lock a clinician out. The client is a SHA-256 of its IP.
 * - `staff_user.oidc_issuer` / `oidc_subject`: the identity-provider user an account is linked to at its
 *   first SSO sign-in; afterwards only that (iss, sub) signs in to it.
 * - `auth_handoff.browser_binding_hash`: the SSO one-time code is bound to the browser that started
 *   the sign-in (a cookie checked at the exchange).
 */
export class AccessHardening1764000016000 implements MigrationInterface {
  name = 'AccessHardening1764000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle (
        staff_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
        client_key text NOT NULL,
        failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
        next_attempt_at timestamptz,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (staff_id, client_key)
      )`);
    await q.query(`CREATE INDEX ix_login_throttle_updated ON login_throttle (updated_at)`);
    await q.query(`ALTER TABLE staff_user ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text`);
    await q.query(
      `ALTER TABLE staff_user ADD CONSTRAINT ck_staff_user_oidc_link
         CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_staff_user_oidc ON staff_user (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`,
    );
    await q.query(`ALTER TABLE auth_handoff ADD COLUMN browser_binding_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth_handoff DROP COLUMN browser_binding_hash`);
    await q.query(`DROP INDEX ux_staff_user_oidc`);
    await q.query(`ALTER TABLE staff_user DROP CONSTRAINT ck_staff_user_oidc_link`);
    await q.query(`ALTER TABLE staff_user DROP COLUMN oidc_subject, DROP COLUMN oidc_issuer`);
    await q.query(`DROP TABLE login_throttle`);
  }
}
