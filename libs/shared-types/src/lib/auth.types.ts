import type { StaffRole } from './care-episode.types';

/** Body of `POST /api/auth/login`. */
export interface LoginRequest {
  email: string;
  password: string;
}

/**
 * Body of `POST /api/auth/refresh`. The refresh token is single-use: each call returns a new one.
 * Browsers send `{}` with the `X-Huddle-Client` header instead: the token then comes from the HttpOnly
 * `huddle_refresh` cookie (path `/api/auth`).
 */
export interface RefreshRequest {
  refreshToken?: string;
}

/** Body of `POST /api/auth/oidc/exchange`: the one-time code from the `#code=` fragment after SSO. */
export interface OidcExchangeRequest {
  code: string;
}

/** The signed-in staff member (`GET /api/auth/me`, and part of every {@link TokenResponse}). */
export interface SessionUser {
  id: string;
  displayName: string;
  role: StaffRole;
  clinicId: string;
  clinicName: string;
}

/**
 * Answer of login, refresh and OIDC exchange. Send `Authorization: Bearer <accessToken>`; before it
 * expires (or on a 401), call refresh with `refreshToken` and replace both tokens. The server ends the
 * session after `idleTimeout` seconds without an API request (refresh does not count as activity).
 */
export interface TokenResponse {
  accessToken: string;
  /**
   * Present for API clients. Always also set as the HttpOnly `huddle_refresh` cookie; left out of the
   * body when the request sent the `X-Huddle-Client` header (the dashboard), so scripts never see it.
   */
  refreshToken?: string;
  /** Seconds until `accessToken` expires. */
  expiresIn: number;
  /** Seconds of inactivity after which the server ends the session. */
  idleTimeout: number;
  user: SessionUser;
}

/** `GET /api/auth/providers`: which sign-in methods the login page should offer. */
export interface AuthProviders {
  password: boolean;
  /** When true, offer "Sign in with SSO": navigate the browser to `/api/auth/oidc/login`. */
  oidc: boolean;
}

/** Message of every failed password login, whatever the cause (unknown email, wrong password, locked). */
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';

/**
 * Answer to sign-out. `endSessionUrl`: after an SSO sign-in, the identity provider's logout page
 * (RP-initiated logout with `id_token_hint`, `post_logout_redirect_uri` and `state`) for the browser
 * to open, so the provider's session ends too; null otherwise.
 */
export interface LogoutResponse {
  endSessionUrl: string | null;
}
