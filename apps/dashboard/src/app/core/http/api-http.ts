import { inject, Injectable, InjectionToken } from '@angular/core';
import { catchError, defer, type Observable, switchMap, tap, throwError } from 'rxjs';
import { AUTH_PATHS, AuthService, signOutReasonOf } from '../auth/auth.service';
import {
  type ApiAnswer,
  apiCall,
  apiExchange,
  ApiFetchError,
  type ApiParamValue,
  type ApiRequest,
  API_TRANSPORT,
} from './api-fetch';

/** Options of a call, as HttpClient took them (params and headers as plain objects). */
export interface ApiOptions {
  params?: Readonly<Record<string, ApiParamValue>>;
  headers?: Readonly<Record<string, string>>;
}

const UNAUTHENTICATED_PATHS: readonly string[] = [
  AUTH_PATHS.login,
  AUTH_PATHS.refresh,
  AUTH_PATHS.providers,
  AUTH_PATHS.oidcExchange,
];

/**
 * The API client of the feature services (inject `API_HTTP`; lint forbids `@angular/common/http`):
 * HttpClient's `get`/`post`/`put`/`patch`/`delete` over the `fetch` transport (`api-fetch.ts`), with
 * what the auth interceptor did: the bearer token on API requests (`/api/…`, `/fhir/…`), an expiring
 * token renewed before sending, on a 401 one refresh and one retry, sign-out when the session cannot be
 * renewed (the login page then says why), and activity noted for the idle warning when the server saw
 * the request. Errors are `ApiFetchError`s (status 0: the server could not be reached).
 *
 * Why not HttpClient (issue #13 item 8, initial bundle ≤ 300 kB): `@angular/platform-browser`, which
 * the shell needs, imports `@angular/common/http`; the bundler places whatever of it the app uses in
 * the initial chunks, even when only lazy routes use it (≈ 24 kB).
 */
@Injectable({ providedIn: 'root' })
export class ApiHttp {
  private readonly transport = inject(API_TRANSPORT);
  private readonly auth = inject(AuthService);

  get<T>(url: string, options: ApiOptions = {}): Observable<T> {
    return this.call<T>({ method: 'GET', url, ...options });
  }

  post<T>(url: string, body: unknown, options: ApiOptions = {}): Observable<T> {
    return this.call<T>({ method: 'POST', url, body, ...options });
  }

  put<T>(url: string, body: unknown, options: ApiOptions = {}): Observable<T> {
    return this.call<T>({ method: 'PUT', url, body, ...options });
  }

  patch<T>(url: string, body: unknown, options: ApiOptions = {}): Observable<T> {
    return this.call<T>({ method: 'PATCH', url, body, ...options });
  }

  delete<T>(url: string, options: ApiOptions = {}): Observable<T> {
    return this.call<T>({ method: 'DELETE', url, ...options });
  }

  /** A download: the answer's bytes and headers (e.g. `Content-Disposition`). */
  getBlob(url: string, options: ApiOptions = {}): Observable<ApiAnswer & { body: Blob | null }> {
    return this.exchange({ method: 'GET', url, responseType: 'blob', ...options }) as Observable<
      ApiAnswer & { body: Blob | null }
    >;
  }

  private call<T>(request: ApiRequest): Observable<T> {
    return this.authenticated(request, (sent) => apiCall<T>(this.transport, sent));
  }

  private exchange(request: ApiRequest): Observable<ApiAnswer> {
    return this.authenticated(request, (sent) => apiExchange(this.transport, sent));
  }

  private authenticated<R>(request: ApiRequest, next: (request: ApiRequest) => Observable<R>): Observable<R> {
    const path = request.url.split('?')[0] ?? '';
    // The FHIR API (`/fhir/R4`, issue #15) takes the same session as `/api`.
    const ownApi = path.startsWith('/api/') || path.startsWith('/fhir/');
    const auth = this.auth;
    if (!ownApi || UNAUTHENTICATED_PATHS.includes(path) || !auth.accessToken()) return next(request);
    const isLogout = path === AUTH_PATHS.logout;

    let usedToken: string | null = null;
    const send = (token: string): Observable<R> => {
      usedToken = token;
      return next({ ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } }).pipe(
        tap({
          next: () => auth.noteActivity(),
          error: (e: unknown) => {
            // The server touched the session before refusing for other reasons (403, 404, 409…).
            if (e instanceof ApiFetchError && e.status !== 401 && e.status !== 0) auth.noteActivity();
          },
        }),
      );
    };

    let refreshed = false;
    const renewAndSend = (cause: unknown): Observable<R> => {
      refreshed = true;
      return auth.refresh().pipe(
        catchError((error: unknown) => {
          if (!isLogout) auth.logout(signOutReasonOf(cause ?? error));
          return throwError(() => error);
        }),
        switchMap((token) => send(token)),
      );
    };

    return defer(() => {
      const token = auth.accessToken();
      return token && !auth.accessTokenExpiring() ? send(token) : renewAndSend(null);
    }).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof ApiFetchError) || error.status !== 401 || isLogout) return throwError(() => error);
        if (refreshed) {
          // Refused even with a fresh token: the session is over.
          if (auth.isAuthenticated()) auth.logout(signOutReasonOf(error));
          return throwError(() => error);
        }
        const current = auth.accessToken();
        if (current && current !== usedToken) {
          // Another request renewed the token meanwhile: retry once with it.
          refreshed = true;
          return send(current);
        }
        return renewAndSend(error);
      }),
    );
  }
}

/** What feature services inject to call the API. */
export const API_HTTP = new InjectionToken<ApiHttp>('API_HTTP', {
  providedIn: 'root',
  factory: () => inject(ApiHttp),
});
