import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from './update-returning';

/** What decides whether a stored session may still be used. */
export interface SessionStateRow {
  revoked_at: Date | null;
  expires_at: Date;
  last_seen_at: Date;
  active: boolean;
}

/** A session found by a presented refresh token (locked for update). */
export interface RefreshCandidateRow extends SessionStateRow {
  id: string;
  user_id: string;
  /** The presented token is the current one (not the one rotated out). */
  current: boolean;
  refresh_rotated_at: Date | null;
}

/** The SQL of `user_session` (issue #12: SQL only in repositories). Pass `em` inside a transaction. */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    userId: string,
    refreshTokenHash: string,
    now: Date,
    expiresAt: Date,
    em: EntityManager = this.db.manager,
    oidcIdToken: string | null = null,
  ): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO user_session (user_id, refresh_token_hash, created_at, last_seen_at, expires_at, oidc_id_token)
       VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`,
      [userId, refreshTokenHash, now, expiresAt, oidcIdToken],
    );
    return rows[0]?.id;
  }

  /**
   * Stores activity at `now` unless the session is revoked, expired, its user inactive, or idle since
   * `idleSince` (counting `seenHere`, activity an instance saw but had not stored).
   * @returns the session's expiry when it was touched, else null
   */
  async touch(sessionId: string, userId: string, now: Date, idleSince: Date, seenHere: Date): Promise<Date | null> {
    const rows = await updateReturning<{ id: string; expires_at: Date }>(
      this.db,
      `UPDATE user_session s SET last_seen_at = $3
       FROM staff_user u
       WHERE s.id = $1 AND s.user_id = $2 AND u.id = s.user_id AND u.active
         AND s.revoked_at IS NULL AND s.expires_at > $3 AND GREATEST(s.last_seen_at, $5) > $4
       RETURNING s.id, s.expires_at`,
      [sessionId, userId, now, idleSince, seenHere],
    );
    return rows[0]?.expires_at ?? null;
  }

  async state(sessionId: string, userId: string): Promise<SessionStateRow | undefined> {
    const rows: SessionStateRow[] = await this.db.query(
      `SELECT s.revoked_at, s.expires_at, s.last_seen_at, u.active
       FROM user_session s JOIN staff_user u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    );
    return rows[0];
  }

  /** The session whose current or previous refresh token hash is `hash`, locked for update. */
  async lockByRefreshHash(hash: string, em: EntityManager): Promise<RefreshCandidateRow | undefined> {
    const rows: RefreshCandidateRow[] = await em.query(
      `SELECT s.id, s.user_id, s.refresh_token_hash = $1 AS current, s.revoked_at, s.expires_at, s.last_seen_at,
              s.refresh_rotated_at,
              u.active
       FROM user_session s JOIN staff_user u ON u.id = s.user_id
       WHERE s.refresh_token_hash = $1 OR s.previous_refresh_token_hash = $1
       FOR UPDATE OF s`,
      [hash],
    );
    return rows[0];
  }

  async rotate(sessionId: string, nextHash: string, previousHash: string, now: Date, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE user_session SET refresh_token_hash = $2, previous_refresh_token_hash = $3, refresh_rotated_at = $4
       WHERE id = $1`,
      [sessionId, nextHash, previousHash, now],
    );
  }

  async revokeAllForUser(
    userId: string,
    now: Date,
    reason: string,
    em: EntityManager = this.db.manager,
  ): Promise<void> {
    await em.query(
      `UPDATE user_session SET revoked_at = $2, revoked_reason = $3, oidc_id_token = NULL
       WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, now, reason],
    );
  }

  async revoke(sessionId: string, now: Date, reason: string, em: EntityManager = this.db.manager): Promise<void> {
    await em.query(
      `UPDATE user_session SET revoked_at = $2, revoked_reason = $3, oidc_id_token = NULL
       WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, now, reason],
    );
  }

  /** Ends the session at sign-out and returns the issuer's ID token it kept (null after a password sign-in). */
  async revokeForLogout(sessionId: string, now: Date, em: EntityManager): Promise<string | null> {
    const rows = await updateReturning<{ oidc_id_token: string | null }>(
      em,
      `UPDATE user_session s SET revoked_at = $2, revoked_reason = 'logout', oidc_id_token = NULL
       FROM (SELECT id, oidc_id_token FROM user_session WHERE id = $1 AND revoked_at IS NULL FOR UPDATE) old
       WHERE s.id = old.id
       RETURNING old.oidc_id_token`,
      [sessionId, now],
    );
    return rows[0]?.oidc_id_token ?? null;
  }
}
