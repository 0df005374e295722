import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { TokenResponse } from '@huddle/shared-types';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { AuthService, OPEN_EXTERNAL_PAGE } from './auth.service';

const tokens = (n: number, expiresIn = 300): TokenResponse => ({
  accessToken: `access-${n}`,
  expiresIn,
  idleTimeout: 900,
  user: { id: 'u1', displayName: 'Dana', role: 'care_manager', clinicId: 'c1', clinicName: 'Riverside' },
});

describe('authInterceptor', () => {
  function setup() {
    const openExternalPage = jest.fn<void, [string]>();
    TestBed.configureTestingModule({
      providers: [
        { provide: OPEN_EXTERNAL_PAGE, useValue: openExternalPage },
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    const http = TestBed.inject(HttpClient);
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

  it('renews an access token that is about to expire before sending', async () => {
    const { http, backend, auth } = setup();
    await signIn(auth, backend, 5); // expires within the margin
    void firstValueFrom(http.get('/api/caseload'));
    backend.expectOne('/api/auth/refresh').flush(tokens(2));
    expect(backend.expectOne('/api/caseload').request.headers.get('Authorization')).toBe('Bearer access-2');
  });
});
