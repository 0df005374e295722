import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Configuration } from 'openid-client';
import type { TokenResponse } from '@huddle/shared-types';
import { AuditService } from '../../audit/audit.service';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuthService } from '../auth.service';
import { Clock } from '../clock';
import { StaffAccountRepository, type StaffAccount } from '../staff-account.repository';
import { AuthHandoffRepository } from './auth-handoff.repository';
import { loadOpenIdClient } from './openid-client.loader';
import { NotConfiguredError, UnauthenticatedError } from '../../common/errors';
import { OidcStateCodec, type OidcFlowState } from './oidc-state.codec';

/** Why an SSO callback failed (audit `details.reason`). */
type OidcFailureReason =
  | 'state_invalid'
  | 'issuer_error'
  | 'email_missing'
  | 'email_not_verified'
  | 'no_account'
  | 'subject_mismatch';

/** What the dashboard is told after a failed SSO sign-in (`#oidc_error=`). */
export type OidcErrorCode = 'expired' | 'access_denied' | 'sso_failed';

class OidcFailure extends Error {
  constructor(
    readonly reason: OidcFailureReason,
    readonly account: StaffAccount | null = null,
  ) {
    super(reason);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * OpenID Connect sign-in (authorization code + PKCE, `openid-client`). An account is found by the
 * issuer's user (`iss`, `sub`) it is linked to; an unlinked account is found once by the issuer's
 * *verified* email (case-insensitive) and linked then; a linked account refuses any other subject with
 * the same email (issue #14 item 9). `max_age` (OIDC_MAX_AGE_SECONDS) makes the issuer ask again. The callback hands the browser
 * a one-time code, which the dashboard exchanges for Huddle tokens.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private configuration: Promise<Configuration> | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: StaffAccountRepository,
    private readonly handoffs: AuthHandoffRepository,
    private readonly stateCodec: OidcStateCodec,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.OIDC_ISSUER && this.config.OIDC_CLIENT_ID && this.config.OIDC_REDIRECT_URI);
  }

  /** The issuer's authorization URL, and the sealed state to keep in the browser's cookie. */
  async begin(): Promise<{ authorizationUrl: string; sealedState: string; binding: string }> {
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    const flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      binding: randomBytes(32).toString('base64url'),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri().href,
      scope: this.config.OIDC_SCOPES,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      max_age: String(this.config.OIDC_MAX_AGE_SECONDS),
    });
    return {
      authorizationUrl: url.href,
      sealedState: this.stateCodec.seal(flow, this.clock.now()),
      binding: flow.binding,
    };
  }

  /**
   * Completes the sign-in from the issuer's redirect.
   * @param query the callback's query string (`?code=…&state=…`)
   * @returns the dashboard fragment: `oidc_code=<one-time code>` or `oidc_error=<OidcErrorCode>`
   */
  async complete(query: string, sealedState: string | undefined, ip: string | null): Promise<string> {
    try {
      const flow = this.stateCodec.open(sealedState, this.clock.now());
      if (!flow) throw new OidcFailure('state_invalid');
      const { account, idToken } = await this.verifiedAccount(query, flow, ip);
      const code = await this.handoffs.create(account.id, flow.binding, this.clock.now(), idToken);
      await this.audit.record({ action: 'auth.oidc.callback', outcome: 'success', actor: account, ip });
      return `oidc_code=${code}`;
    } catch (error) {
      const failure = error instanceof OidcFailure ? error : new OidcFailure('issuer_error');
      if (!(error instanceof OidcFailure)) this.logger.warn(`SSO callback refused: ${describe(error)}`);
      await this.audit.record({
        action: 'auth.oidc.callback',
        outcome: 'failure',
        actor: failure.account,
        ip,
        details: { reason: failure.reason },
      });
      return `oidc_error=${errorCodeFor(failure.reason)}`;
    }
  }

  /** Exchanges a one-time hand-off code, presented with the browser's binding cookie, for a Huddle session. */
  async exchange(code: string, binding: string | undefined, ip: string | null): Promise<TokenResponse> {
    const tokens = await this.db.transaction(async (em) => {
      const handoff = binding ? await this.handoffs.consume(code, binding, this.clock.now(), em) : null;
      const account = handoff ? await this.accounts.findById(handoff.userId, em) : null;
      if (!handoff || !account?.active) return null;
      return this.auth.startSession(account, 'oidc', ip, em, handoff.idToken);
    });
    if (!tokens) {
      await this.audit.record({
        action: 'auth.oidc.exchange',
        outcome: 'failure',
        ip,
        details: { reason: 'invalid_code' },
      });
      throw new UnauthenticatedError('Sign-in code invalid or expired; please sign in again');
    }
    return tokens;
  }

  /**
   * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the issuer's `end_session_endpoint`
   * (from discovery) with `id_token_hint`, `post_logout_redirect_uri` and a fresh `state`, for the
   * browser to follow after Huddle's session has ended. Null when SSO is off or the issuer offers no
   * end-session endpoint (then only Huddle's session ends; `max_age` still makes the issuer ask again).
   */
  async endSessionUrl(idToken: string): Promise<string | null> {
    if (!this.enabled) return null;
    try {
      const client = await loadOpenIdClient();
      const configuration = await this.discover();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(configuration, {
        id_token_hint: idToken,
        post_logout_redirect_uri: this.postLogoutRedirectUri(),
        state: randomBytes(16).toString('base64url'),
      }).href;
    } catch (error) {
      this.logger.warn(`SSO logout URL unavailable: ${describe(error)}`);
      return null;
    }
  }

  /** OIDC_POST_LOGOUT_REDIRECT_URI, else the post-login page on the callback's origin. */
  private postLogoutRedirectUri(): string {
    return (
      this.config.OIDC_POST_LOGOUT_REDIRECT_URI ??
      new URL(this.config.OIDC_POST_LOGIN_PATH, this.redirectUri().origin).href
    );
  }

  /** 404 unless SSO is configured. */
  requireEnabled(): void {
    if (!this.enabled) throw new NotConfiguredError('Single sign-on');
  }

  private async verifiedAccount(
    query: string,
    flow: OidcFlowState,
    ip: string | null,
  ): Promise<{ account: StaffAccount; idToken: string | null }> {
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    const callbackUrl = this.redirectUri();
    callbackUrl.search = query;
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
      maxAge: this.config.OIDC_MAX_AGE_SECONDS,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new OidcFailure('issuer_error');
    const rawIdToken = tokens.id_token ?? null;
    const linked = await this.accounts.findByOidcSubject(idToken.iss, idToken.sub);
    if (linked) {
      if (!linked.active) throw new OidcFailure('no_account', linked);
      return { account: linked, idToken: rawIdToken };
    }
    let { email, email_verified: verified } = idToken;
    if (typeof email !== 'string') {
      // Many issuers put profile claims in UserInfo only.
      const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      ({ email, email_verified: verified } = info);
    }
    if (typeof email !== 'string' || email.length === 0) throw new OidcFailure('email_missing');
    const account = await this.accounts.findByEmail(email);
    // Always: an unverified email could be anyone's (the OIDC_REQUIRE_EMAIL_VERIFIED switch is gone).
    if (verified !== true) throw new OidcFailure('email_not_verified', account);
    if (!account?.active) throw new OidcFailure('no_account', account);
    // Linked to another subject of this (or another) issuer: a reused or edited email does not hand it over.
    if (account.oidc) throw new OidcFailure('subject_mismatch', account);
    if (!(await this.accounts.linkOidcSubject(account.id, idToken.iss, idToken.sub))) {
      throw new OidcFailure('subject_mismatch', account);
    }
    await this.audit.record({ action: 'auth.oidc.link', outcome: 'success', actor: account, ip });
    return { account, idToken: rawIdToken };
  }

  /** Issuer metadata, discovered once (retried after a failure). */
  private discover(): Promise<Configuration> {
    this.requireEnabled();
    this.configuration ??= this.createConfiguration().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async createConfiguration(): Promise<Configuration> {
    const client = await loadOpenIdClient();
    const issuer = new URL(this.config.OIDC_ISSUER ?? '');
    const secret = this.config.OIDC_CLIENT_SECRET;
    // Plain http only for an issuer on this machine (development, tests).
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    return client.discovery(
      issuer,
      this.config.OIDC_CLIENT_ID ?? '',
      secret,
      secret ? client.ClientSecretBasic(secret) : client.None(),
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
  }

  private redirectUri(): URL {
    return new URL(this.config.OIDC_REDIRECT_URI ?? '');
  }
}

function errorCodeFor(reason: OidcFailureReason): OidcErrorCode {
  switch (reason) {
    case 'state_invalid':
      return 'expired';
    case 'email_not_verified':
    case 'no_account':
    case 'email_missing':
    case 'subject_mismatch':
      return 'access_denied';
    case 'issuer_error':
      return 'sso_failed';
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';
