import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** What the callback needs to check the issuer's answer (RFC 9700: state, nonce, PKCE verifier). */
export interface OidcFlowState {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Random value also kept in the browser's binding cookie; the one-time code only works with it (issue #14). */
  binding: string;
}

/**
 * Name of the cookie carrying the sealed {@link OidcFlowState} between login and callback. `__Host-`:
 * Secure, Path=/, no Domain — a sibling subdomain cannot plant one (cookie tossing).
 */
export const OIDC_STATE_COOKIE = '__Host-huddle_oidc';
/** The browser binding of the one-time code, checked at the exchange (same `__Host-` rules). */
export const OIDC_BINDING_COOKIE = '__Host-huddle_oidc_bind';

/** How long a started SSO sign-in may take. */
export const OIDC_STATE_TTL_SECONDS = 600;

/**
 * Seals the flow state into an HMAC-signed, expiring cookie value, bound to the browser that started the
 * sign-in (so a callback URL replayed in another browser fails: no login CSRF). The key is derived from
 * `JWT_SECRET` for a separate purpose, so an access token can never pass as state or the reverse.
 */
@Injectable()
export class OidcStateCodec {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const base = config.JWT_SECRET ?? randomBytes(32).toString('hex');
    this.key = createHmac('sha256', base).update('huddle/oidc-state/v1').digest();
  }

  seal(flow: OidcFlowState, now: Date): string {
    const payload = Buffer.from(
      JSON.stringify({ ...flow, exp: Math.floor(now.getTime() / 1000) + OIDC_STATE_TTL_SECONDS }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The flow state, or null when the value is missing, forged or expired. */
  open(sealed: string | undefined, now: Date): OidcFlowState | null {
    const [payload, signature, extra] = (sealed ?? '').split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<
        OidcFlowState & { exp: number }
      >;
      if (typeof data.exp !== 'number' || data.exp * 1000 <= now.getTime()) return null;
      if (
        typeof data.state !== 'string' ||
        typeof data.nonce !== 'string' ||
        typeof data.codeVerifier !== 'string' ||
        typeof data.binding !== 'string'
      ) {
        return null;
      }
      return { state: data.state, nonce: data.nonce, codeVerifier: data.codeVerifier, binding: data.binding };
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
