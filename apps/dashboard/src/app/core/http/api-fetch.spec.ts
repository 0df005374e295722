import { firstValueFrom, of } from 'rxjs';
import { apiErrorMessage } from './api-error';
import { apiCall, ApiFetchError, type ApiRequest, fetchTransport as transport, withParams } from './api-fetch';

const fetchTransport = (request: ApiRequest) => firstValueFrom(transport(request));

describe('fetchTransport (every call to the API)', () => {
  const realFetch = globalThis.fetch;
  let fetchMock: jest.Mock;
  const headers = new Headers({ 'Content-Type': 'application/json' });
  const answer = (status: number, text: string) => ({ status, headers, text: () => Promise.resolve(text) });

  beforeEach(() => {
    fetchMock = jest.fn();
    globalThis.fetch = fetchMock as unknown as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends JSON with the given headers and same-origin credentials (the refresh cookie), and parses JSON back', async () => {
    fetchMock.mockResolvedValue(answer(200, '{"accessToken":"a"}'));
    const result = await fetchTransport({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { 'X-Huddle-Client': 'dashboard' },
      body: {},
    });
    expect(result).toEqual({ status: 200, body: { accessToken: 'a' }, headers });
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/refresh', {
      method: 'POST',
      headers: {
        Accept: 'application/json, text/plain, */*',
        'X-Huddle-Client': 'dashboard',
        'Content-Type': 'application/json',
      },
      body: '{}',
      credentials: 'same-origin',
      signal: expect.any(AbortSignal),
    });
  });

  it('sends no body (and no content type) without one; an empty answer is null, a non-JSON one its text', async () => {
    fetchMock.mockResolvedValueOnce(answer(204, '')).mockResolvedValueOnce(answer(502, 'Bad gateway'));
    await expect(fetchTransport({ method: 'POST', url: '/api/auth/logout' })).resolves.toEqual({
      status: 204,
      body: null,
      headers,
    });
    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(init.body).toBeUndefined();
    expect(init.headers).not.toHaveProperty('Content-Type');
    await expect(fetchTransport({ method: 'GET', url: '/api/auth/me' })).resolves.toEqual({
      status: 502,
      body: 'Bad gateway',
      headers,
    });
  });

  it('reports an unreachable server as status 0, as HttpClient does', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(fetchTransport({ method: 'GET', url: '/api/auth/me' })).resolves.toEqual({ status: 0, body: null });
  });

  it('apiCall is cold, gives the body of a 2xx and an ApiFetchError otherwise, which apiErrorMessage reads', async () => {
    const transport = jest
      .fn()
      .mockReturnValueOnce(of({ status: 200, body: { ok: true } }))
      .mockReturnValueOnce(of({ status: 429, body: { message: 'Too many sign-in attempts' } }))
      .mockReturnValueOnce(of({ status: 0, body: null }));
    const call = apiCall<{ ok: boolean }>(transport, { method: 'GET', url: '/api/x' });
    expect(transport).not.toHaveBeenCalled();
    await expect(firstValueFrom(call)).resolves.toEqual({ ok: true });

    const refused = await firstValueFrom(call).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiFetchError);
    expect(refused).toMatchObject({ status: 429, url: '/api/x' });
    expect(apiErrorMessage(refused)).toBe('Too many sign-in attempts');

    const unreachable = await firstValueFrom(call).catch((e: unknown) => e);
    expect(apiErrorMessage(unreachable)).toMatch(/could not be reached/);
  });

  it('sends query parameters (a list repeats its key) and a file as it is, with its own content type', async () => {
    fetchMock.mockResolvedValue(answer(200, '{}'));
    const file = new Blob(['a,b\n'], { type: 'text/csv' });
    await fetchTransport({
      method: 'POST',
      url: '/api/imports/csv',
      params: { mrn: 'MRN', flag: ['a', 'b'], page: 2 },
      headers: { 'Content-Type': 'text/csv' },
      body: file,
    });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/imports/csv?mrn=MRN&flag=a&flag=b&page=2');
    expect(init.body).toBe(file);
    expect(init.headers).toEqual({ Accept: 'application/json, text/plain, */*', 'Content-Type': 'text/csv' });
    expect(withParams('/api/x', {})).toBe('/api/x');
  });

  it('aborts the request when the caller unsubscribes (a newer search replaces an older one)', () => {
    fetchMock.mockReturnValue(new Promise(() => undefined));
    const subscription = transport({ method: 'GET', url: '/api/caseload' }).subscribe();
    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(init.signal?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(init.signal?.aborted).toBe(true);
  });
});
