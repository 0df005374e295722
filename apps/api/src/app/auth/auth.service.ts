import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser, TokenResponse } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from './auth-user';
import { SessionService, type RefreshResult } from './session.service';
import { StaffAccountRepository } from './staff-account.repository';
import { UnauthenticatedError } from '../common/errors';

/** How a session was opened (recorded in the audit log). */
export type SignInMethod = 'password' | 'oidc';

const SESSION_INVALID = 'Session is no longer valid; please sign in again';

/** A refused refresh, with why (the controller keeps the refresh cookie only when `superseded`). */
export class RefreshRefusedError extends UnauthenticatedError {
  constructor(readonly reason: string) {
    super(SESSION_INVALID);
  }
}

/** Refused before any session was looked up: no refresh token in the body or the cookie. */
export function missingRefreshToken(): UnauthenticatedError {
  return new UnauthenticatedError(SESSION_INVALID);
}

/** Sessions seen from the outside: open (after any sign-in method), refresh, logout, who am I. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly accounts: StaffAccountRepository,
    private readonly audit: AuditService,
  ) {}

  /** Opens a session for a verified, active user and records `auth.login`, both inside `em`. */
  async startSession(
    user: SessionUser,
    method: SignInMethod,
    ip: string | null,
    em: EntityManager,
    oidcIdToken: string | null = null,
  ): Promise<TokenResponse> {
    const { sessionId, ...tokens } = await this.sessions.open(user, em, oidcIdToken);
    await this.audit.record(
      { action: 'auth.login', outcome: 'success', actor: user, ip, details: { method, sessionId } },
      em,
    );
    return { ...tokens, user: toSessionUser(user) };
  }

  /**
   * Rotates the refresh token and issues a new access token with the user's current role and name.
   * @throws UnauthenticatedError when the session cannot continue (it is then ended and audited)
   */
  async refresh(refreshToken: string, ip: string | null): Promise<TokenResponse> {
    let refused = 'unknown';
    const outcome = await this.db.transaction(async (em) => {
      const result = await this.sessions.rotateRefreshToken(refreshToken, em);
      const account = result.userId ? await this.accounts.findById(result.userId, em) : null;
      if (!result.ok || !account) {
        refused = result.ok ? 'user_missing' : result.reason;
        await this.audit.record(refreshFailure(result, account, ip), em);
        return null;
      }
      const user: AuthUser = { ...toSessionUser(account), sessionId: result.sessionId };
      const tokens = await this.sessions.tokensFor(user, result.refreshToken);
      await this.audit.record(
        { action: 'auth.refresh', outcome: 'success', actor: user, ip, details: { sessionId: result.sessionId } },
        em,
      );
      return { ...tokens, user: toSessionUser(account) };
    });
    if (!outcome) throw new RefreshRefusedError(refused);
    return outcome;
  }

  /**
   * Ends the caller's session: its access and refresh tokens stop working at once. Returns the issuer's
   * ID token when the session began with SSO (for RP-initiated logout), else null.
   */
  async logout(user: AuthUser, ip: string | null): Promise<string | null> {
    return this.db.transaction(async (em) => {
      const { oidcIdToken } = await this.sessions.revokeForLogout(user.sessionId, em);
      await this.audit.record(
        {
          action: 'auth.logout',
          outcome: 'success',
          actor: user,
          ip,
          details: { sessionId: user.sessionId, identityProviderLogout: oidcIdToken !== null },
        },
        em,
      );
      return oidcIdToken;
    });
  }

  /** The caller as stored now (role or name may have changed since the token was issued). */
  async me(user: AuthUser): Promise<SessionUser> {
    const account = await this.accounts.findById(user.id);
    if (!account?.active) throw new UnauthenticatedError(SESSION_INVALID);
    return toSessionUser(account);
  }
}

const toSessionUser = (u: SessionUser): SessionUser => ({
  id: u.id,
  displayName: u.displayName,
  role: u.role,
  clinicId: u.clinicId,
  clinicName: u.clinicName,
});

/** The audit event of a refused refresh: reuse of a rotated token is its own, louder event. */
function refreshFailure(result: RefreshResult, account: SessionUser | null, ip: string | null) {
  const reason = result.ok ? 'user_missing' : result.reason;
  const action =
    reason === 'reuse'
      ? 'auth.refresh_token_reuse'
      : reason === 'idle_timeout' || reason === 'expired' || reason === 'user_inactive'
        ? `session.${reason}`
        : 'auth.refresh';
  return {
    action,
    outcome: 'failure' as const,
    actor: account,
    ip,
    details: { reason, ...(result.sessionId ? { sessionId: result.sessionId } : {}) },
  };
}
