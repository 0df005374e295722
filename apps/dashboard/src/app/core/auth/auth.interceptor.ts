import { HttpErrorResponse, type HttpEvent, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, defer, type Observable, switchMap, tap, throwError } from 'rxjs';
import { AUTH_PATHS, AuthService, type SignOutReason } from './auth.service';

const UNAUTHENTICATED_PATHS: readonly string[] = [
  AUTH_PATHS.login,
  AUTH_PATHS.refresh,
  AUTH_PATHS.providers,
  AUTH_PATHS.oidcExchange,
];

const withToken = (req: HttpRequest<unknown>, token: string): HttpRequest<unknown> =>
  req.clone({ setHeaders: { Authorization: `Bearer ${token}` } });

/** "idle" when the server said the session ended after inactivity, else "expired". */
function reasonOf(error: unknown): SignOutReason {
  const body: unknown = error instanceof HttpErrorResponse ? error.error : null;
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : null;
  return typeof message === 'string' && /inactiv/i.test(message) ? 'idle' : 'expired';
}

/**
 * Adds the bearer token to API requests (`/api/…`, `/fhir/…`) and renews an expiring token before sending. On a 401 it
 * refreshes once and retries the request once; when the session cannot be renewed it signs out
 * (the login page then says why). Authenticated requests that reach the server mark activity for
 * the idle-timeout warning.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const path = req.url.split('?')[0] ?? '';
  // The FHIR API (`/fhir/R4`, issue #15) takes the same session as `/api`.
  const ownApi = path.startsWith('/api/') || path.startsWith('/fhir/');
  if (!ownApi || UNAUTHENTICATED_PATHS.includes(path)) return next(req);

  const auth = inject(AuthService);
  if (!auth.accessToken()) return next(req);
  const isLogout = path === AUTH_PATHS.logout;

  let usedToken: string | null = null;
  const send = (token: string): Observable<HttpEvent<unknown>> => {
    usedToken = token;
    return next(withToken(req, token)).pipe(
      tap({
        next: (event) => {
          if ('status' in event) auth.noteActivity();
        },
        error: (e: unknown) => {
          // The server touched the session before refusing for other reasons (403, 404, 409…).
          if (e instanceof HttpErrorResponse && e.status !== 401 && e.status !== 0) auth.noteActivity();
        },
      }),
    );
  };

  let refreshed = false;
  const renewAndSend = (cause: unknown): Observable<HttpEvent<unknown>> => {
    refreshed = true;
    return auth.refresh().pipe(
      catchError((error: unknown) => {
        if (!isLogout) auth.logout(reasonOf(cause ?? error));
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
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || isLogout) return throwError(() => error);
      if (refreshed) {
        // Refused even with a fresh token: the session is over.
        if (auth.isAuthenticated()) auth.logout(reasonOf(error));
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
};
