import { parse, serialize } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenResponse } from '@huddle/shared-types';
import type { AppConfig } from '../config/app-config';

/** Name of the HttpOnly cookie that carries the refresh token for the dashboard (issue #11 item 7). */
export const REFRESH_COOKIE = 'huddle_refresh';
/** The cookie is only ever sent to the auth endpoints (login, refresh, logout, SSO exchange). */
export const REFRESH_COOKIE_PATH = '/api/auth';
/**
 * The header the dashboard sends on login, refresh, logout and SSO exchange. Its presence (a) proves the
 * request is same-origin script, not a cross-site form (a custom header needs a CORS preflight, which
 * this API never grants), so a cookie-based refresh is accepted; (b) asks for the refresh token in the
 * cookie only, leaving it out of the JSON body so page scripts never see it.
 */
export const CLIENT_HEADER = 'x-huddle-client';

/** Whether the request comes from the dashboard (sent {@link CLIENT_HEADER}). */
export function isCookieClient(req: FastifyRequest): boolean {
  const value = req.headers[CLIENT_HEADER];
  return typeof value === 'string' && value.trim() !== '';
}

/** The refresh token from the request's cookie, if any. */
export function readRefreshCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  try {
    return parse(header)[REFRESH_COOKIE] || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the refresh cookie: HttpOnly, SameSite=Strict, path `/api/auth`, `Secure` unless
 * `REFRESH_COOKIE_SECURE=false` (Chromium and Firefox accept Secure cookies from http://localhost and
 * http://127.0.0.1, so only plain-http deployments on another host name need that). A browser-session
 * cookie (no Max-Age): the server still ends the session at its idle timeout and absolute lifetime.
 */
export function setRefreshCookie(reply: FastifyReply, config: AppConfig, token: string): void {
  reply.header('Set-Cookie', serialize(REFRESH_COOKIE, token, cookieOptions(config)));
}

/** Removes the refresh cookie (sign-out, or a refresh token the server refused for good). */
export function clearRefreshCookie(reply: FastifyReply, config: AppConfig): void {
  reply.header(
    'Set-Cookie',
    serialize(REFRESH_COOKIE, '', { ...cookieOptions(config), expires: new Date(0), maxAge: 0 }),
  );
}

function cookieOptions(config: AppConfig) {
  return {
    httpOnly: true,
    secure: config.REFRESH_COOKIE_SECURE,
    sameSite: 'strict' as const,
    path: REFRESH_COOKIE_PATH,
  };
}

/** Sets the `huddle_refresh` cookie and, for the dashboard, leaves the token out of the body. */
export function respondWithRefreshCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  config: AppConfig,
  tokens: TokenResponse,
): TokenResponse {
  if (tokens.refreshToken) setRefreshCookie(reply, config, tokens.refreshToken);
  if (!isCookieClient(req)) return tokens;
  const { refreshToken: _omitted, ...rest } = tokens;
  return rest;
}
