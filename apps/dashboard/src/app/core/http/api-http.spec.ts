import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { TokenResponse } from '@huddle/shared-types';
import { firstValueFrom } from 'rxjs';
import { provideApiTesting } from '../../../testing/api-transport';
import { ApiFetchError } from './api-fetch';
import { API_HTTP, ApiHttp } from './api-http';
import { AuthService, OPEN_EXTERNAL_PAGE } from '../auth/auth.service';

/** Lets pending promise callbacks (a cross-tab refresh lock where there is one) settle before the next step. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const tokens = (n: number, expiresIn = 300): TokenResponse => ({
  accessToken: `access-${n}`,
  expiresIn,
  idleTimeout: 900,
  user: { id: 'u1', displayName: 'Dana', role: 'care_manager', clinicId: 'c1', clinicName: 'Riverside' },
});

describe('ApiHttp (the API client: bearer token, renewal, one retry, sign-out)', () => {
  function setup() {
    const openExternalPage = jest.fn<void, [string]>();
    TestBed.configureTestingModule({
      providers: [
        { provide: OPEN_EXTERNAL_PAGE, useValue: openExternalPage },
        ...provideApiTesting(),
        provideRouter([]),
      ],
    });
    const http = TestBed.inject(ApiHttp);
    const backend = TestBed.inject(HttpTestingController);
    const auth = TestBed.inject(AuthService);
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    return { http, backend, auth, navigate, openExternalPage };
  }

  async function signIn(auth: AuthService, backend: HttpTestingController, expiresIn = 300): Promise<void> {
    const done = firstValueFrom(auth.login({ email: 'a@b.c', password: 'p' }));
    backend.expectOne('/api/auth/login').flush(tokens(1, expiresIn));
    await done;
  }

  it('adds the bearer token to API calls (/api and /fhir) only', async () => {
    const { http, backend, auth } = setup();
    await signIn(auth, backend);
    void firstValueFrom(http.get('/api/caseload'));
    expect(backend.expectOne('/api/caseload').request.headers.get('Authorization')).toBe('Bearer access-1');
    void firstValueFrom(http.post('/fhir/R4', {}));
    expect(backend.expectOne('/fhir/R4').request.headers.get('Authorization')).toBe('Bearer access-1');
    void firstValueFrom(http.get('/assets/x.json'));
    expect(backend.expectOne('/assets/x.json').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401 refreshes once (rotating the refresh token) and retries the request once', async () => {
    const { http, backend, auth } = setup();
    await signIn(auth, backend);
    const result = firstValueFrom(http.get<{ ok: boolean }>('/api/caseload'));
    backend.expectOne('/api/caseload').flush({ message: 'expired' }, { status: 401, statusText: 'Unauthorized' });

    // The refresh token is the HttpOnly cookie: an empty body with the dashboard's header.
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({});
    expect(refresh.request.headers.get('X-Huddle-Client')).toBe('dashboard');
    refresh.flush(tokens(2));
    await settle();
    const retry = backend.expectOne('/api/caseload');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ ok: true });
    await expect(result).resolves.toEqual({ ok: true });
  });

  it('shares one refresh between concurrent 401s', async () => {
    const { http, backend, auth } = setup();
    await signIn(auth, backend);
    const a = firstValueFrom(http.get('/api/a'));
    const b = firstValueFrom(http.get('/api/b'));
    backend.expectOne('/api/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/b').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush(tokens(2));
    await settle();
    backend.expectOne('/api/a').flush(1);
    backend.expectOne('/api/b').flush(2);
    await expect(Promise.all([a, b])).resolves.toEqual([1, 2]);
    backend.verify();
  });

  it('signs out with the reason when the session cannot be renewed', async () => {
    const { http, backend, auth, navigate } = setup();
    await signIn(auth, backend);
    const result = firstValueFrom(http.get('/api/caseload'));
    backend
      .expectOne('/api/caseload')
      .flush(
        { message: 'Session ended after inactivity; please sign in again' },
        { status: 401, statusText: 'Unauthorized' },
      );
    backend
      .expectOne('/api/auth/refresh')
      .flush({ message: 'Session is no longer valid' }, { status: 401, statusText: 'Unauthorized' });
    await expect(result).rejects.toBeTruthy();
    expect(auth.isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { reason: 'idle' } });
    backend.verify();
  });

  it('a new tab (no access token yet) resumes the session from the cookie once, and stays signed out without one', async () => {
    const { backend, auth } = setup();
    const first = auth.restore();
    const second = auth.restore();
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.headers.get('X-Huddle-Client')).toBe('dashboard');
    refresh.flush(tokens(3));
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(auth.accessToken()).toBe('access-3');
    backend.verify();

    auth.clear();
    const signedOut = auth.restore();
    backend.expectOne('/api/auth/refresh').flush({ message: 'no' }, { status: 401, statusText: 'Unauthorized' });
    await expect(signedOut).resolves.toBe(false);
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('sign-out sends the dashboard header so the API clears the cookie', async () => {
    const { backend, auth } = setup();
    await signIn(auth, backend);
    auth.logout();
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(logout.request.headers.get('X-Huddle-Client')).toBe('dashboard');
    logout.flush({ endSessionUrl: null });
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('after an SSO sign-in, sign-out opens the identity provider’s end-session URL the API answers with', async () => {
    const { backend, auth, navigate, openExternalPage } = setup();
    await signIn(auth, backend);
    auth.logout();
    expect(auth.isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: {} });
    const endSessionUrl = 'https://idp.example.org/session/end?id_token_hint=x&state=s';
    backend.expectOne('/api/auth/logout').flush({ endSessionUrl });
    await settle();
    expect(openExternalPage).toHaveBeenCalledWith(endSessionUrl);
  });

  it('does not open anything after a password sign-in, nor a URL that is not http(s)', async () => {
    const { backend, auth, openExternalPage } = setup();
    await signIn(auth, backend);
    auth.logout();
    backend.expectOne('/api/auth/logout').flush({ endSessionUrl: null });
    await signIn(auth, backend);
    auth.logout();
    backend.expectOne('/api/auth/logout').flush({ endSessionUrl: 'javascript:alert(1)' });
    expect(openExternalPage).not.toHaveBeenCalled();
  });

  it('API_HTTP (what feature services inject) renews and retries; the shell’s calls go through the same transport with the same headers', async () => {
    const { backend, auth } = setup();
    await signIn(auth, backend);
    const api = TestBed.inject(API_HTTP);
    const result = firstValueFrom(api.get<{ ok: boolean }>('/api/caseload'));
    const first = backend.expectOne('/api/caseload');
    expect(first.request.headers.get('Authorization')).toBe('Bearer access-1');
    first.flush(null, { status: 401, statusText: 'Unauthorized' });
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.headers.get('X-Huddle-Client')).toBe('dashboard');
    refresh.flush(tokens(2));
    await settle();
    backend.expectOne('/api/caseload').flush({ ok: true });
    await expect(result).resolves.toEqual({ ok: true });
    backend.verify();
  });

  it('"Stay signed in" renews the session, then one authenticated request marks activity', async () => {
    const { backend, auth } = setup();
    await signIn(auth, backend);
    auth.lastActivityAt.set(1);
    const kept = firstValueFrom(auth.keepAlive());
    backend.expectOne('/api/auth/refresh').flush(tokens(2));
    await settle();
    const me = backend.expectOne('/api/auth/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer access-2');
    me.flush(tokens(2).user);
    await expect(kept).resolves.toMatchObject({ displayName: 'Dana' });
    expect(auth.lastActivityAt()).toBeGreaterThan(1);
    backend.verify();
  });

  it('renews an access token that is about to expire before sending', async () => {
    const { http, backend, auth } = setup();
    await signIn(auth, backend, 5); // expires within the margin
    void firstValueFrom(http.get('/api/caseload'));
    backend.expectOne('/api/auth/refresh').flush(tokens(2));
    await settle();
    expect(backend.expectOne('/api/caseload').request.headers.get('Authorization')).toBe('Bearer access-2');
  });

  it('sends query parameters and JSON bodies, and refuses with an ApiFetchError carrying the status and the server’s body', async () => {
    const { http, backend, auth } = setup();
    await signIn(auth, backend);
    void firstValueFrom(http.get('/api/patients', { params: { search: 'Ann', page: 2 } }));
    const list = backend.expectOne((r) => r.url === '/api/patients');
    expect(list.request.params.get('search')).toBe('Ann');
    expect(list.request.params.get('page')).toBe('2');
    list.flush([]);
    const saved = firstValueFrom(http.patch('/api/patients/p1', { phone: 'x' })).catch((e: unknown) => e);
    const patch = backend.expectOne('/api/patients/p1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ phone: 'x' });
    patch.flush({ message: 'Someone else changed it' }, { status: 409, statusText: 'Conflict' });
    await expect(saved).resolves.toMatchObject({ status: 409, error: { message: 'Someone else changed it' } });
    expect(await saved).toBeInstanceOf(ApiFetchError);
  });
});
