import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { StaffRole } from '@huddle/shared-types';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { AuthUser } from './auth-user';
import { Clock } from './clock';

/** Claims of a Huddle access token. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  cid: string;
  role: StaffRole;
  name: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Seconds of inactivity after which the server ends the session. */
  idleTimeout: number;
}

export type SessionCheck = { ok: true } | { ok: false; reason: 'revoked' | 'expired' | 'idle_timeout' | 'unknown' };

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Server-side sessions: short-lived signed access tokens, an opaque refresh token (stored hashed),
 * an idle timeout enforced on every request, and revocation.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
  ) {}

  /** Opens a session for a verified user and returns its tokens. */
  async open(user: Omit<AuthUser, 'sessionId'>, em: EntityManager = this.db.manager): Promise<IssuedTokens> {
    const now = this.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.SESSION_MAX_HOURS * 3_600_000);
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO user_session (user_id, refresh_token_hash, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $3, $4) RETURNING id`,
      [user.id, hashToken(refreshToken), now, expiresAt],
    );
    const sessionId = rows[0]?.id;
    if (!sessionId) throw new Error('session insert returned no id');
    return this.tokensFor({ ...user, sessionId }, refreshToken);
  }

  async tokensFor(user: AuthUser, refreshToken: string): Promise<IssuedTokens> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      sid: user.sessionId,
      cid: user.clinicId,
      role: user.role,
      name: user.displayName,
    };
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await this.jwt.signAsync({
      ...claims,
      iat: nowSeconds,
      exp: nowSeconds + this.config.ACCESS_TOKEN_TTL_SECONDS,
    });
    return {
      accessToken,
      refreshToken,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      idleTimeout: this.config.IDLE_TIMEOUT_MINUTES * 60,
    };
  }

  /** Verifies an access token's signature and expiry against the injected clock. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp: number }>(token, { ignoreExpiration: true });
      if (claims.exp * 1000 <= this.clock.now().getTime()) return null;
      return claims;
    } catch {
      return null;
    }
  }

  /**
   * Marks the session used now, unless it is revoked, past its absolute expiry, or idle for longer
   * than the idle timeout — in which case it is ended (revoked with the reason) and refused.
   */
  async touch(sessionId: string, userId: string): Promise<SessionCheck> {
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - this.config.IDLE_TIMEOUT_MINUTES * 60_000);
    const touched: unknown[] = await this.db.query(
      `UPDATE user_session SET last_seen_at = $3
       WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3 AND last_seen_at > $4
       RETURNING id`,
      [sessionId, userId, now, idleSince],
    );
    if (touched.length > 0) return { ok: true };
    const rows: Array<{ revoked_at: Date | null; expires_at: Date; last_seen_at: Date }> = await this.db.query(
      'SELECT revoked_at, expires_at, last_seen_at FROM user_session WHERE id = $1 AND user_id = $2',
      [sessionId, userId],
    );
    const session = rows[0];
    if (!session) return { ok: false, reason: 'unknown' };
    if (session.revoked_at) return { ok: false, reason: 'revoked' };
    const reason = session.expires_at <= now ? 'expired' : 'idle_timeout';
    await this.revoke(sessionId, reason);
    return { ok: false, reason };
  }

  async revoke(sessionId: string, reason: string, em: EntityManager = this.db.manager): Promise<void> {
    await em.query(
      'UPDATE user_session SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL',
      [sessionId, this.clock.now(), reason],
    );
  }
}
