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
import { OidcStateCodec } from './oidc-state.codec';
import { NotConfiguredError, UnauthenticatedError } from '../../common/errors';

/** Why an SSO callback failed (audit `details.reason`). */
type OidcFailureReason = 'state_invalid' | 'issuer_error' | 'email_missing' | 'email_not_verified' | 'no_account';

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
 * OpenID Connect sign-in (authorization code + PKCE, `openid-client`): the verified email of the
 * issuer's user is mapped to an active staff account (case-insensitive). The callback hands the browser
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
  async begin(): Promise<{ authorizationUrl: string; sealedState: string }> {
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    const flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri().href,
      scope: this.config.OIDC_SCOPES,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl: url.href, sealedState: this.stateCodec.seal(flow, this.clock.now()) };
  }

  /**
   * Completes the sign-in from the issuer's redirect.
   * @param query the callback's query string (`?code=…&state=…`)
   * @returns the dashboard fragment: `oidc_code=<one-time code>` or `oidc_error=<OidcErrorCode>`
   */
  async complete(query: string, sealedState: string | undefined, ip: string | null): Promise<string> {
    try {
      const account = await this.verifiedAccount(query, sealedState);
      const code = await this.handoffs.create(account.id, this.clock.now());
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

  /** Exchanges a one-time hand-off code for a Huddle session. */
  async exchange(code: string, ip: string | null): Promise<TokenResponse> {
    const tokens = await this.db.transaction(async (em) => {
      const userId = await this.handoffs.consume(code, this.clock.now(), em);
      const account = userId ? await this.accounts.findById(userId, em) : null;
      if (!account?.active) return null;
      return this.auth.startSession(account, 'oidc', ip, em);
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

  /** 404 unless SSO is configured. */
  requireEnabled(): void {
    if (!this.enabled) throw new NotConfiguredError('Single sign-on');
  }

  private async verifiedAccount(query: string, sealedState: string | undefined): Promise<StaffAccount> {
    const flow = this.stateCodec.open(sealedState, this.clock.now());
    if (!flow) throw new OidcFailure('state_invalid');
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    const callbackUrl = this.redirectUri();
    callbackUrl.search = query;
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new OidcFailure('issuer_error');
    let { email, email_verified: verified } = idToken;
    if (typeof email !== 'string') {
      // Many issuers put profile claims in UserInfo only.
      const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      ({ email, email_verified: verified } = info);
    }
    if (typeof email !== 'string' || email.length === 0) throw new OidcFailure('email_missing');
    const account = await this.accounts.findByEmail(email);
    if (this.config.OIDC_REQUIRE_EMAIL_VERIFIED && verified !== true) {
      throw new OidcFailure('email_not_verified', account);
    }
    if (!account?.active) throw new OidcFailure('no_account', account);
    return account;
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
      return 'access_denied';
    case 'issuer_error':
      return 'sso_failed';
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';
