import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { hashToken } from '../session.service';
import { updateReturning } from '../update-returning';

/** Lifetime of a hand-off code: the dashboard exchanges it as soon as it loads. */
export const HANDOFF_TTL_SECONDS = 60;

/**
 * One-time codes that carry a completed SSO sign-in from the callback redirect to the dashboard, so
 * tokens never appear in a URL. Stored hashed; single use; short-lived.
 */
@Injectable()
export class AuthHandoffRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A new code for `userId`, usable only by the browser holding `binding` (expired codes are swept at
   * the same time). `idToken`: the issuer's ID token, kept server-side for RP-initiated logout.
   */
  async create(userId: string, binding: string, now: Date, idToken: string | null = null): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.db.query('DELETE FROM auth_handoff WHERE expires_at < $1', [now]);
    await this.db.query(
      `INSERT INTO auth_handoff (code_hash, user_id, created_at, expires_at, browser_binding_hash, id_token)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [hashToken(code), userId, now, new Date(now.getTime() + HANDOFF_TTL_SECONDS * 1000), hashToken(binding), idToken],
    );
    return code;
  }

  /**
   * Marks the code used and returns its user and the issuer's ID token (which leaves the code's row),
   * or null when unknown, used, expired or presented by another browser than the one that started the
   * sign-in (login CSRF, issue #14).
   */
  async consume(
    code: string,
    binding: string,
    now: Date,
    em: EntityManager,
  ): Promise<{ userId: string; idToken: string | null } | null> {
    const rows = await updateReturning<{ user_id: string; id_token: string | null }>(
      em,
      `UPDATE auth_handoff h SET consumed_at = $2, id_token = NULL
       FROM (SELECT code_hash, id_token FROM auth_handoff
             WHERE code_hash = $1 AND consumed_at IS NULL AND expires_at > $2 AND browser_binding_hash = $3
             FOR UPDATE) old
       WHERE h.code_hash = old.code_hash
       RETURNING h.user_id, old.id_token`,
      [hashToken(code), now, hashToken(binding)],
    );
    const row = rows[0];
    return row ? { userId: row.user_id, idToken: row.id_token } : null;
  }
}
