import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RP-initiated logout (issue #14 item 9): the issuer's ID token of an SSO sign-in is kept server-side
 * — on the one-time hand-off code until the dashboard exchanges it, then on the session — so that
 * signing out can send it as `id_token_hint` to the issuer's `end_session_endpoint`. It never reaches
 * the browser's storage; it is cleared when the code is used and when the session ends.
 */
export class OidcLogout1764000022000 implements MigrationInterface {
  name = 'OidcLogout1764000022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth_handoff ADD COLUMN id_token text`);
    await q.query(`ALTER TABLE user_session ADD COLUMN oidc_id_token text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_session DROP COLUMN oidc_id_token`);
    await q.query(`ALTER TABLE auth_handoff DROP COLUMN id_token`);
  }
}
