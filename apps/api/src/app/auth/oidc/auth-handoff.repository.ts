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
   * the same time).
   */
  async create(userId: string, binding: string, now: Date): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.db.query('DELETE FROM auth_handoff WHERE expires_at < $1', [now]);
    await this.db.query(
      `INSERT INTO auth_handoff (code_hash, user_id, created_at, expires_at, browser_binding_hash)
       VALUES ($1, $2, $3, $4, $5)`,
      [hashToken(code), userId, now, new Date(now.getTime() + HANDOFF_TTL_SECONDS * 1000), hashToken(binding)],
    );
    return code;
  }

  /**
   * Marks the code used and returns its user, or null when unknown, used, expired or presented by
   * another browser than the one that started the sign-in (login CSRF, issue #14).
   */
  async consume(code: string, binding: string, now: Date, em: EntityManager): Promise<string | null> {
    const rows = await updateReturning<{ user_id: string }>(
      em,
      `UPDATE auth_handoff SET consumed_at = $2
       WHERE code_hash = $1 AND consumed_at IS NULL AND expires_at > $2 AND browser_binding_hash = $3
       RETURNING user_id`,
      [hashToken(code), now, hashToken(binding)],
    );
    return rows[0]?.user_id ?? null;
  }
}
