import {
  provideHttpClient,
  HttpBackend,
  HttpErrorResponse,
  HttpHeaders,
  HttpParams,
  HttpRequest,
  HttpResponse,
} from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { inject, type Provider, type EnvironmentProviders } from '@angular/core';
import { catchError, filter, map, of, throwError } from 'rxjs';
import { API_TRANSPORT, type ApiTransport } from '../app/core/http/api-fetch';

/**
 * Sends the dashboard's API calls (the `fetch` transport, `api-fetch.ts`) through the test's HttpBackend
 * (`provideHttpClientTesting()`), so a spec answers them with `HttpTestingController`: the method, URL,
 * query parameters, headers and (unserialised) body the transport is given, and the status, body and
 * headers it gets back. The app itself does not use HttpClient; only its testing backend is borrowed.
 */
export function provideApiTransportViaTestingBackend(): Provider {
  return {
    provide: API_TRANSPORT,
    useFactory: (): ApiTransport => {
      const backend = inject(HttpBackend);
      return ({ method, url, params, headers, body, responseType }) => {
        const options = {
          headers: new HttpHeaders({ ...headers }),
          params: new HttpParams({ fromObject: params ?? {} }),
          responseType: responseType ?? 'json',
        };
        const request =
          method === 'GET' || method === 'DELETE'
            ? new HttpRequest(method, url, options)
            : new HttpRequest(method, url, body ?? null, options);
        return backend.handle(request).pipe(
          filter((e): e is HttpResponse<unknown> => e instanceof HttpResponse),
          map((response) => ({ status: response.status, body: response.body, headers: response.headers })),
          catchError((e: unknown) =>
            e instanceof HttpErrorResponse
              ? of({ status: e.status, body: e.status === 0 ? null : (e.error as unknown), headers: e.headers })
              : throwError(() => e),
          ),
        );
      };
    },
  };
}

/** A spec's API: HttpTestingController answers every call the dashboard makes. */
export function provideApiTesting(): Array<Provider | EnvironmentProviders> {
  return [provideHttpClient(), provideHttpClientTesting(), provideApiTransportViaTestingBackend()];
}
