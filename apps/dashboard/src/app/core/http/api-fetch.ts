import { InjectionToken } from '@angular/core';
import { defer, map, Observable } from 'rxjs';

/**
 * The dashboard's one way to the API (issue #13 item 8): every call — the shell's sign-in, refresh and
 * sign-out, and the feature services' through `API_HTTP` (`api-http.ts`) — goes through this small
 * `fetch` transport. `@angular/common/http` is not used at all: Angular's `platform-browser` imports it,
 * so any of its code the app used would be placed in the initial bundle (≤ 300 kB), not in a lazy chunk.
 */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Same-origin path, e.g. `/api/auth/refresh`. */
  url: string;
  /** Query parameters, appended to the URL (arrays repeat the key, as HttpClient did). */
  params?: Readonly<Record<string, ApiParamValue>>;
  headers?: Readonly<Record<string, string>>;
  /** Sent as JSON, except a `Blob` (a file, sent as it is); `undefined` or `null` sends no body. */
  body?: unknown;
  /** `blob` gives the answer's bytes (downloads); default: JSON (else the text; `null` when empty). */
  responseType?: 'json' | 'blob';
}

export type ApiParamValue = string | number | boolean | readonly (string | number | boolean)[];

/** What came back: the status, the body and the answer's headers. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: { get(name: string): string | null };
}

/** Sends one request when subscribed; unsubscribing aborts it (as HttpClient did). */
export type ApiTransport = (request: ApiRequest) => Observable<ApiAnswer>;

/**
 * A refused or failed call: `status` as HttpClient reported it (0 when the server could not be reached)
 * and `error` the server's body (Nest's `{ statusCode, message, error }`).
 */
export class ApiFetchError extends Error {
  constructor(
    readonly status: number,
    readonly error: unknown,
    readonly url: string,
  ) {
    super(`${status} from ${url}`);
    this.name = 'ApiFetchError';
  }
}

/** HttpClient's default `Accept` header: the API's answers look the same either way. */
const ACCEPT = 'application/json, text/plain, */*';

/** `url` with `params` as its query string. */
export function withParams(url: string, params: ApiRequest['params']): string {
  if (!params) return url;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, String(v));
  }
  const text = query.toString();
  return text === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${text}`;
}

/** The browser's `fetch`, same-origin credentials (the refresh cookie), JSON in and out. */
export const fetchTransport: ApiTransport = ({ method, url, params, headers, body, responseType }) =>
  new Observable<ApiAnswer>((subscriber) => {
    const abort = new AbortController();
    const sent: Record<string, string> = { Accept: ACCEPT, ...headers };
    const none = body === undefined || body === null;
    const raw = body instanceof Blob;
    if (!none && !raw && !Object.keys(sent).some((h) => h.toLowerCase() === 'content-type')) {
      sent['Content-Type'] = 'application/json';
    }
    const send = async (): Promise<ApiAnswer> => {
      let response: Response;
      try {
        response = await fetch(withParams(url, params), {
          method,
          headers: sent,
          body: none ? undefined : raw ? body : JSON.stringify(body),
          credentials: 'same-origin',
          signal: abort.signal,
        });
      } catch {
        return { status: 0, body: null };
      }
      const ok = response.status >= 200 && response.status < 300;
      const answer =
        ok && responseType === 'blob'
          ? await response.blob().catch(() => null)
          : parseBody(await response.text().catch(() => ''));
      return { status: response.status, body: answer, headers: response.headers };
    };
    send().then(
      (answer) => {
        subscriber.next(answer);
        subscriber.complete();
      },
      (e: unknown) => subscriber.error(e),
    );
    return () => abort.abort();
  });

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The transport every API call uses; unit tests route it through Angular's HttpTestingController. */
export const API_TRANSPORT = new InjectionToken<ApiTransport>('API_TRANSPORT', {
  providedIn: 'root',
  factory: () => fetchTransport,
});

/** One call as a cold Observable (sent on subscribe): the body on a 2xx answer, else an `ApiFetchError`. */
export function apiCall<T>(transport: ApiTransport, request: ApiRequest): Observable<T> {
  return apiExchange(transport, request).pipe(map((answer) => answer.body as T));
}

/** As `apiCall`, with the whole answer (status, headers). */
export function apiExchange(transport: ApiTransport, request: ApiRequest): Observable<ApiAnswer> {
  return defer(() => transport(request)).pipe(
    map((answer) => {
      if (answer.status >= 200 && answer.status < 300) return answer;
      throw new ApiFetchError(answer.status, answer.body, request.url);
    }),
  );
}

/** The server's message of a refused call (Nest's `message` when it is a string), else `null`. */
export function serverMessage(error: unknown): string | null {
  const body: unknown = error instanceof ApiFetchError ? error.error : null;
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : null;
}
