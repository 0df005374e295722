import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import type { StaffRole } from '@huddle/shared-types';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { spreadBelow } from '../common/spread';
import { RegistryChanges } from '../database/registry-changes.service';
import type { AuthUser } from './auth-user';
import { Clock } from './clock';
import { SessionRepository, type SessionStateRow } from './session.repository';

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

/** Why a session was refused. `user_inactive`: the account was deactivated since sign-in. */
export type SessionEndReason = 'revoked' | 'expired' | 'idle_timeout' | 'user_inactive' | 'unknown';

export type SessionCheck = { ok: true } | { ok: false; reason: SessionEndReason };

/**
 * Outcome of presenting a refresh token. `reuse`: a rotated-out token came back, so it was copied and
 * the session is ended. `superseded`: it came back within seconds of its rotation — another tab of the
 * same browser refreshing at the same time — so it is refused but the session continues.
 */
export type RefreshResult =
  | { ok: true; sessionId: string; userId: string; refreshToken: string }
  | { ok: false; reason: SessionEndReason | 'reuse' | 'superseded'; sessionId?: string; userId?: string };

/** How long after a rotation the previous refresh token counts as a concurrent refresh, not theft. */
export const REFRESH_REUSE_GRACE_MS = 10_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What this instance last confirmed about a live session (times in ms since the epoch). */
interface KnownSession {
  userId: string;
  expiresAt: number;
  /** Last request seen by this instance (may be later than the stored `last_seen_at`). */
  lastSeen: number;
  /**
   * When the database is next asked to confirm the session and store its activity: a re-check period
   * after the last time, spread (`spreadBelow`) so that sessions opened together are not all re-checked
   * in the same second, every period (224 users signing in within seconds did that, issue #13).
   */
  recheckAt: number;
}

/** Beyond this many known sessions, those idle past the timeout are forgotten. */
const KNOWN_SESSIONS_SWEEP_AT = 10_000;

/**
 * Server-side sessions: short-lived signed access tokens, an opaque refresh token (stored hashed),
 * an idle timeout enforced on every request, and revocation.
 */
@Injectable()
export class SessionService {
  private readonly known = new Map<string, KnownSession>();

  constructor(
    private readonly sessions: SessionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly changes: RegistryChanges,
  ) {
    // A session ended by any instance (sign-out, revocation, deactivation) is re-checked at once.
    changes.onSessionEnded((sessionId) => this.known.delete(sessionId));
    changes.onReset(() => this.known.clear());
  }

  /**
   * Opens a session for a verified user and returns its tokens. `oidcIdToken`: the issuer's ID token of
   * an SSO sign-in, kept with the session (server-side only) for RP-initiated logout.
   */
  async open(
    user: Omit<AuthUser, 'sessionId'>,
    em?: EntityManager,
    oidcIdToken: string | null = null,
  ): Promise<IssuedTokens & { sessionId: string }> {
    const now = this.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.SESSION_MAX_HOURS * 3_600_000);
    const sessionId = await this.sessions.insert(user.id, hashToken(refreshToken), now, expiresAt, em, oidcIdToken);
    if (!sessionId) throw new Error('session insert returned no id');
    return { ...(await this.tokensFor({ ...user, sessionId }, refreshToken)), sessionId };
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
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.clock.now().getTime()) return null;
      if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || typeof claims.cid !== 'string')
        return null;
      return claims;
    } catch {
      return null;
    }
  }

  /**
   * Marks the session used now, unless it is revoked, past its absolute expiry, or idle for longer
   * than the idle timeout — in which case it is ended (revoked with the reason) and refused.
   *
   * The idle timeout and expiry are checked on every request. The database is read (and the activity
   * stored) at most every `SESSION_RECHECK_SECONDS` per session while change notifications are
   * followed, since an ended session is announced to every instance (`RegistryChanges`); otherwise on
   * every request.
   */
  async touch(sessionId: string, userId: string): Promise<SessionCheck> {
    const now = this.clock.now();
    const idleMs = this.config.IDLE_TIMEOUT_MINUTES * 60_000;
    const known = this.known.get(sessionId);
    if (
      known?.userId === userId &&
      this.changes.following &&
      now.getTime() < known.recheckAt &&
      now.getTime() < known.expiresAt &&
      now.getTime() - known.lastSeen < idleMs
    ) {
      known.lastSeen = now.getTime();
      return { ok: true };
    }
    this.known.delete(sessionId);
    const idleSince = new Date(now.getTime() - idleMs);
    // Activity this instance saw but has not stored yet counts too.
    const seenHere = known?.userId === userId ? new Date(known.lastSeen) : new Date(0);
    const expiresAt = await this.sessions.touch(sessionId, userId, now, idleSince, seenHere);
    if (expiresAt) {
      this.remember(sessionId, {
        userId,
        expiresAt: expiresAt.getTime(),
        lastSeen: now.getTime(),
        recheckAt: now.getTime() + spreadBelow(this.config.SESSION_RECHECK_SECONDS * 1000),
      });
      return { ok: true };
    }
    const session = await this.sessions.state(sessionId, userId);
    if (!session) return { ok: false, reason: 'unknown' };
    const reason = this.endReason(session, now);
    if (!reason) return { ok: true }; // touched concurrently by another request
    if (reason !== 'revoked') await this.revoke(sessionId, reason);
    return { ok: false, reason };
  }

  /**
   * Rotates a refresh token: the presented token stops working and a new one is returned. Refused when
   * the session is revoked, past its absolute expiry, idle (refresh is not activity: only API requests
   * are) or its user deactivated; such a session is ended. Presenting the token that was just rotated
   * out means it was copied, so the session is ended (`reuse`) — unless within
   * {@link REFRESH_REUSE_GRACE_MS} of the rotation (`superseded`). Run it in a transaction (`em`).
   */
  async rotateRefreshToken(refreshToken: string, em: EntityManager): Promise<RefreshResult> {
    const now = this.clock.now();
    const presented = hashToken(refreshToken);
    const session = await this.sessions.lockByRefreshHash(presented, em);
    if (!session) return { ok: false, reason: 'unknown' };
    const ids = { sessionId: session.id, userId: session.user_id };
    if (!session.current) {
      const rotatedAgo = now.getTime() - (session.refresh_rotated_at?.getTime() ?? 0);
      if (!session.revoked_at && rotatedAgo < REFRESH_REUSE_GRACE_MS) {
        return { ok: false, reason: 'superseded', ...ids };
      }
      await this.revoke(session.id, 'refresh_token_reuse', em);
      return { ok: false, reason: session.revoked_at ? 'revoked' : 'reuse', ...ids };
    }
    const reason = this.endReason(session, now);
    if (reason) {
      if (reason !== 'revoked') await this.revoke(session.id, reason, em);
      return { ok: false, reason, ...ids };
    }
    const next = randomBytes(32).toString('base64url');
    await this.sessions.rotate(session.id, hashToken(next), presented, now, em);
    return { ok: true, refreshToken: next, ...ids };
  }

  /** Ends every open session of a user (deactivation, password change, role change). */
  async revokeAllForUser(userId: string, reason: string, em?: EntityManager): Promise<void> {
    for (const [sessionId, known] of this.known) if (known.userId === userId) this.known.delete(sessionId);
    await this.sessions.revokeAllForUser(userId, this.clock.now(), reason, em);
  }

  /** Why a session may no longer be used at `now`, or null when it may. */
  private endReason(session: SessionStateRow, now: Date): Exclude<SessionEndReason, 'unknown'> | null {
    if (session.revoked_at) return 'revoked';
    if (session.expires_at <= now) return 'expired';
    if (!session.active) return 'user_inactive';
    if (session.last_seen_at.getTime() <= now.getTime() - this.config.IDLE_TIMEOUT_MINUTES * 60_000) {
      return 'idle_timeout';
    }
    return null;
  }

  async revoke(sessionId: string, reason: string, em?: EntityManager): Promise<void> {
    this.known.delete(sessionId);
    await this.sessions.revoke(sessionId, this.clock.now(), reason, em);
  }

  /**
   * Ends the session at sign-out and hands back the issuer's ID token it kept (null after a password
   * sign-in), which leaves the database with it: the caller sends it once to the issuer's logout.
   */
  async revokeForLogout(sessionId: string, em: EntityManager): Promise<{ oidcIdToken: string | null }> {
    this.known.delete(sessionId);
    return { oidcIdToken: await this.sessions.revokeForLogout(sessionId, this.clock.now(), em) };
  }

  private remember(sessionId: string, session: KnownSession): void {
    this.known.set(sessionId, session);
    if (this.known.size <= KNOWN_SESSIONS_SWEEP_AT) return;
    const idleSince = session.lastSeen - this.config.IDLE_TIMEOUT_MINUTES * 60_000;
    for (const [id, known] of this.known) if (known.lastSeen <= idleSince) this.known.delete(id);
  }
}
