import { computed, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { Router } from '@angular/router';
import { DOCUMENT } from '@angular/common';
import type { LoginRequest, LogoutResponse, SessionUser, TokenResponse } from '@huddle/shared-types';
import {
  catchError,
  defer,
  finalize,
  firstValueFrom,
  from,
  map,
  type Observable,
  of,
  shareReplay,
  switchMap,
  tap,
} from 'rxjs';
import { API_TRANSPORT, apiCall, ApiFetchError, type ApiRequest } from '../http/api-fetch';

/** Why a session ended, shown on the login page. */
export type SignOutReason = 'signed_out' | 'idle' | 'expired';

interface SessionState {
  accessToken: string;
  /** Epoch ms when the access token expires. */
  accessExpiresAt: number;
  /** Server idle timeout in ms (no API request for this long ends the session). */
  idleTimeoutMs: number;
  user: SessionUser;
}

/**
 * Sent on login, refresh, logout and SSO exchange: the API then keeps the refresh token in its HttpOnly
 * `huddle_refresh` cookie only (never in a body this code could read) and accepts a cookie refresh
 * (a custom header a cross-site form cannot send).
 */
export const CLIENT_HEADERS: Readonly<Record<string, string>> = { 'X-Huddle-Client': 'dashboard' };
/** Web Lock name: one tab refreshes at a time, so no tab presents a cookie another tab just rotated. */
const REFRESH_LOCK = 'huddle.auth.refresh';
/** Refresh this long before the access token expires rather than waiting for a 401. */
const EXPIRY_MARGIN_MS = 15_000;

/** Opens a page outside the dashboard (the identity provider's logout) in this tab. */
export const OPEN_EXTERNAL_PAGE = new InjectionToken<(url: string) => void>('OPEN_EXTERNAL_PAGE', {
  providedIn: 'root',
  factory: () => {
    const document = inject(DOCUMENT);
    return (url: string) => document.location.assign(url);
  },
});

/** The auth endpoints; the interceptor leaves these alone. */
export const AUTH_PATHS = {
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  providers: '/api/auth/providers',
  oidcExchange: '/api/auth/oidc/exchange',
} as const;

/**
 * Session state as signals. Talks to the API with `fetch` (`api-fetch.ts`), not HttpClient, so the
 * shell's initial bundle holds no `@angular/common/http` (issue #13 item 8). The access token lives in
 * memory only; the (single-use, rotating) refresh
 * token is an HttpOnly cookie the browser sends to `/api/auth` only, shared by every tab: a reload or a
 * new tab resumes the session by calling refresh (issue #11 item 7).
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly transport = inject(API_TRANSPORT);
  private readonly router = inject(Router);
  private readonly openExternalPage = inject(OPEN_EXTERNAL_PAGE);
  private readonly state = signal<SessionState | null>(null);
  private refreshing: Observable<string> | null = null;
  private restoring: Promise<boolean> | null = null;

  readonly user = computed(() => this.state()?.user ?? null);
  readonly role = computed(() => this.state()?.user.role ?? null);
  readonly isAuthenticated = computed(() => this.state() !== null);
  readonly idleTimeoutMs = computed(() => this.state()?.idleTimeoutMs ?? 0);
  /** Epoch ms of the last API request the server counted as activity. */
  readonly lastActivityAt = signal(0);

  accessToken(): string | null {
    return this.state()?.accessToken ?? null;
  }

  /** The access token expires within the safety margin (refresh before sending). */
  accessTokenExpiring(now = Date.now()): boolean {
    const s = this.state();
    return s !== null && s.accessExpiresAt - now < EXPIRY_MARGIN_MS;
  }

  login(credentials: LoginRequest): Observable<SessionUser> {
    return this.post<TokenResponse>({ url: AUTH_PATHS.login, body: credentials, headers: CLIENT_HEADERS }).pipe(
      tap((tokens) => {
        this.accept(tokens);
        this.noteActivity();
      }),
      map((tokens) => tokens.user),
    );
  }

  /** Completes single sign-on: exchanges the one-time code from the `#oidc_code=` fragment. */
  exchangeOidcCode(code: string): Observable<SessionUser> {
    return this.post<TokenResponse>({ url: AUTH_PATHS.oidcExchange, body: { code }, headers: CLIENT_HEADERS }).pipe(
      tap((tokens) => {
        this.accept(tokens);
        this.noteActivity();
      }),
      map((tokens) => tokens.user),
    );
  }

  /**
   * Resumes the browser's session (after a reload, or in a new tab) from the refresh cookie, once per
   * page load. Resolves `true` when signed in.
   */
  restore(): Promise<boolean> {
    if (this.state()) return Promise.resolve(true);
    this.restoring ??= firstValueFrom(
      this.refresh().pipe(
        tap(() => this.noteActivity()),
        map(() => true),
        catchError(() => of(false)),
      ),
    );
    return this.restoring;
  }

  /**
   * Exchanges the refresh cookie for new tokens. Concurrent callers share one request, and tabs take
   * turns (Web Lock), because the token is single-use and a rotated-out one coming back ends the
   * session. Emits the new access token; errors when the session cannot be renewed.
   */
  refresh(): Observable<string> {
    if (!this.refreshing) {
      this.refreshing = oneTabAtATime(() => this.postRefresh()).pipe(
        tap({
          next: (tokens) => this.accept(tokens),
          error: () => this.forget(),
        }),
        map((tokens) => tokens.accessToken),
        finalize(() => (this.refreshing = null)),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    }
    return this.refreshing;
  }

  /**
   * "Stay signed in": renews the tokens, then makes one authenticated request so the server counts
   * activity (a refresh alone does not reset the server's idle timer). A 401 to that request with a
   * token just issued means the session is over: signed out, saying why.
   */
  keepAlive(): Observable<SessionUser> {
    return this.refresh().pipe(
      switchMap((token) =>
        apiCall<SessionUser>(this.transport, {
          method: 'GET',
          url: AUTH_PATHS.me,
          headers: { Authorization: `Bearer ${token}` },
        }),
      ),
      tap({
        next: () => this.noteActivity(),
        error: (e: unknown) => {
          const status = e instanceof ApiFetchError ? e.status : 0;
          if (status === 401) this.logout(signOutReasonOf(e));
          else if (status !== 0) this.noteActivity(); // the server touched the session before refusing
        },
      }),
    );
  }

  /** Notes that the server saw an authenticated request now (resets the idle timer). */
  noteActivity(now = Date.now()): void {
    this.lastActivityAt.set(now);
  }

  /**
   * Signs out: tells the server (best effort), forgets the tokens and goes to the login page,
   * saying why when the session ended by itself. The server is told for an idle timeout too: the
   * refresh cookie outlives this page, and only the server ending the session (and clearing the
   * cookie) keeps the login page's guard from resuming it. After an SSO sign-in the server answers with
   * the identity provider's end-session URL, which the browser then opens (RP-initiated logout), so the
   * provider's session ends too; the provider sends it back to the login page.
   */
  logout(reason: SignOutReason = 'signed_out'): void {
    const token = this.accessToken();
    if (token) {
      this.post<LogoutResponse | null>({
        url: AUTH_PATHS.logout,
        headers: { ...CLIENT_HEADERS, Authorization: `Bearer ${token}` },
      })
        .pipe(catchError(() => of(null)))
        .subscribe((answer) => {
          const url = answer?.endSessionUrl;
          if (url && /^https?:\/\//.test(url)) this.openExternalPage(url);
        });
    }
    this.forget();
    const queryParams = reason === 'signed_out' ? {} : { reason };
    void this.router.navigate(['/login'], { queryParams });
  }

  /** Forgets the session locally (no request, no navigation); a later guard may try the cookie again. */
  clear(): void {
    this.state.set(null);
    this.restoring = null;
    this.lastActivityAt.set(0);
  }

  /** The cookie could not be renewed: signed out until the next sign-in (no second refresh attempt). */
  private forget(): void {
    this.state.set(null);
    this.restoring = Promise.resolve(false);
    this.lastActivityAt.set(0);
  }

  private postRefresh(): Observable<TokenResponse> {
    return this.post<TokenResponse>({ url: AUTH_PATHS.refresh, body: {}, headers: CLIENT_HEADERS });
  }

  private post<T>(request: Omit<ApiRequest, 'method'>): Observable<T> {
    return apiCall<T>(this.transport, { method: 'POST', ...request });
  }

  private accept(tokens: TokenResponse): void {
    const now = Date.now();
    this.state.set({
      accessToken: tokens.accessToken,
      accessExpiresAt: now + tokens.expiresIn * 1000,
      idleTimeoutMs: tokens.idleTimeout * 1000,
      user: tokens.user,
    });
    this.restoring = Promise.resolve(true);
  }
}

/**
 * Why the server ended a session, from its refusal (an HttpClient or a fetch error): "idle" when it
 * said the session ended after inactivity, else "expired".
 */
export function signOutReasonOf(error: unknown): SignOutReason {
  const body: unknown = typeof error === 'object' && error !== null ? (error as { error?: unknown }).error : null;
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : null;
  return typeof message === 'string' && /inactiv/i.test(message) ? 'idle' : 'expired';
}

/** Runs the request holding the cross-tab refresh lock (where the browser has Web Locks; else directly). */
function oneTabAtATime<T>(request: () => Observable<T>): Observable<T> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? defer(() => from(locks.request(REFRESH_LOCK, () => firstValueFrom(request())))) : request();
}
