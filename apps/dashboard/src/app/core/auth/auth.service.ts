import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginRequest, SessionUser, TokenResponse } from '@huddle/shared-types';
import {
  catchError,
  finalize,
  firstValueFrom,
  map,
  type Observable,
  of,
  shareReplay,
  switchMap,
  tap,
  throwError,
} from 'rxjs';

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

export const REFRESH_TOKEN_KEY = 'huddle.refreshToken';
/** Refresh this long before the access token expires rather than waiting for a 401. */
const EXPIRY_MARGIN_MS = 15_000;

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
 * Session state as signals. The access token lives in memory only; the (single-use, rotating)
 * refresh token is kept in sessionStorage so a reload of the tab can resume the session.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly state = signal<SessionState | null>(null);
  private refreshing: Observable<string> | null = null;
  private restoring: Promise<boolean> | null = null;
  /**
   * Tabs opened from this one (duplicate tab, "open in new tab") start with a copy of its
   * sessionStorage. Refresh tokens are single-use and the API ends a session when a rotated-out
   * token comes back, so every rotation is announced to the other tabs holding the same token.
   */
  private readonly channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('huddle.auth');

  readonly user = computed(() => this.state()?.user ?? null);
  readonly role = computed(() => this.state()?.user.role ?? null);
  readonly isAuthenticated = computed(() => this.state() !== null);
  readonly idleTimeoutMs = computed(() => this.state()?.idleTimeoutMs ?? 0);
  /** Epoch ms of the last API request the server counted as activity. */
  readonly lastActivityAt = signal(0);

  constructor() {
    this.channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown; previous?: unknown; next?: unknown } | null;
      if (data?.type === 'rotated' && typeof data.next === 'string' && readRefreshToken() === data.previous) {
        writeRefreshToken(data.next);
      }
    });
  }

  accessToken(): string | null {
    return this.state()?.accessToken ?? null;
  }

  /** The access token expires within the safety margin (refresh before sending). */
  accessTokenExpiring(now = Date.now()): boolean {
    const s = this.state();
    return s !== null && s.accessExpiresAt - now < EXPIRY_MARGIN_MS;
  }

  login(credentials: LoginRequest): Observable<SessionUser> {
    return this.http.post<TokenResponse>(AUTH_PATHS.login, credentials).pipe(
      tap((tokens) => {
        this.accept(tokens);
        this.noteActivity();
      }),
      map((tokens) => tokens.user),
    );
  }

  /** Completes single sign-on: exchanges the one-time code from the `#oidc_code=` fragment. */
  exchangeOidcCode(code: string): Observable<SessionUser> {
    return this.http.post<TokenResponse>(AUTH_PATHS.oidcExchange, { code }).pipe(
      tap((tokens) => {
        this.accept(tokens);
        this.noteActivity();
      }),
      map((tokens) => tokens.user),
    );
  }

  /**
   * Resumes a session after a reload from the stored refresh token, once per page load.
   * Resolves `true` when signed in.
   */
  restore(): Promise<boolean> {
    if (this.state()) return Promise.resolve(true);
    if (!this.restoring) {
      const stored = readRefreshToken();
      this.restoring = stored
        ? firstValueFrom(
            this.refresh().pipe(
              tap(() => this.noteActivity()),
              map(() => true),
              catchError(() => of(false)),
            ),
          )
        : Promise.resolve(false);
    }
    return this.restoring;
  }

  /**
   * Exchanges the refresh token for new tokens. Concurrent callers share one request (the refresh
   * token is single-use). Emits the new access token; errors when the session cannot be renewed.
   */
  refresh(): Observable<string> {
    if (!this.refreshing) {
      const refreshToken = readRefreshToken();
      if (!refreshToken) return throwError(() => new Error('No refresh token'));
      this.refreshing = this.http.post<TokenResponse>(AUTH_PATHS.refresh, { refreshToken }).pipe(
        tap({
          next: (tokens) => {
            this.accept(tokens);
            this.channel?.postMessage({ type: 'rotated', previous: refreshToken, next: tokens.refreshToken });
          },
          error: () => this.clear(),
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
   * activity (a refresh alone does not reset the server's idle timer).
   */
  keepAlive(): Observable<SessionUser> {
    return this.refresh().pipe(switchMap(() => this.http.get<SessionUser>(AUTH_PATHS.me)));
  }

  /** Notes that the server saw an authenticated request now (resets the idle timer). */
  noteActivity(now = Date.now()): void {
    this.lastActivityAt.set(now);
  }

  /**
   * Signs out: tells the server (best effort), forgets the tokens and goes to the login page,
   * saying why when the session ended by itself.
   */
  logout(reason: SignOutReason = 'signed_out'): void {
    const token = this.accessToken();
    if (token && reason === 'signed_out') {
      this.http
        .post(AUTH_PATHS.logout, null, { headers: { Authorization: `Bearer ${token}` } })
        .pipe(catchError(() => of(null)))
        .subscribe();
    }
    this.clear();
    const queryParams = reason === 'signed_out' ? {} : { reason };
    void this.router.navigate(['/login'], { queryParams });
  }

  /** Forgets the session locally (no request, no navigation). */
  clear(): void {
    this.state.set(null);
    this.restoring = null;
    this.lastActivityAt.set(0);
    try {
      sessionStorage.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      // storage unavailable (private mode): nothing stored
    }
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
    writeRefreshToken(tokens.refreshToken);
  }
}

function writeRefreshToken(token: string): void {
  try {
    sessionStorage.setItem(REFRESH_TOKEN_KEY, token);
  } catch {
    // storage unavailable: the session still works until the tab reloads
  }
}

function readRefreshToken(): string | null {
  try {
    return sessionStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}
