import request from 'supertest';
import type { TokenResponse } from '@huddle/shared-types';
import {
  auditOf,
  createBareClinic,
  createLoginUser,
  FakeClock,
  MINUTE,
  PASSWORD,
  type LoginUser,
} from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

/** Issue #11 item 7: the dashboard's refresh token lives in an HttpOnly cookie, so a new tab opens signed in. */
describe('refresh-token cookie (sessions across tabs)', () => {
  let t: TestApp;
  const clock = new FakeClock();
  let clinic: { id: string; name: string };
  const server = () => t.app.getHttpServer();
  const DASHBOARD = { 'X-Huddle-Client': 'dashboard' };

  /** The `huddle_refresh` Set-Cookie header of a response, or undefined. */
  const refreshCookieOf = (res: request.Response): string | undefined => {
    const raw = res.headers['set-cookie'] as unknown;
    const all = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
    return all.find((c) => c.startsWith('huddle_refresh='));
  };
  /** `huddle_refresh=<value>` to send back, as the browser would. */
  const cookiePair = (setCookie: string | undefined): string => {
    expect(setCookie).toBeDefined();
    return (setCookie as string).split(';')[0] as string;
  };
  const loginAsDashboard = (user: LoginUser) =>
    request(server()).post('/api/auth/login').set(DASHBOARD).send({ email: user.email, password: PASSWORD });
  const cookieRefresh = (cookie: string, headers: Record<string, string> = DASHBOARD) =>
    request(server()).post('/api/auth/refresh').set(headers).set('Cookie', cookie).send({});
  const me = (accessToken: string) =>
    request(server()).get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`);

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '3600' }, undefined, [], [clock.override]);
    clinic = await createBareClinic(t.db);
  });
  afterAll(() => t.close());

  it('login sets an HttpOnly, Secure, SameSite=Strict cookie on /api/auth and keeps the token out of the body', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const res = await loginAsDashboard(user).expect(200);
    const cookie = refreshCookieOf(res);
    expect(cookie).toMatch(/^huddle_refresh=[A-Za-z0-9_-]{43};/);
    const attributes = (cookie as string)
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/api/auth']));
    // A browser-session cookie: the server's idle timeout and absolute lifetime still end the session.
    expect(attributes.some((a) => a.startsWith('max-age') || a.startsWith('expires'))).toBe(false);
    const body = res.body as TokenResponse;
    expect(body.refreshToken).toBeUndefined();
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'idleTimeout', 'user']);
    expect(JSON.stringify(body)).not.toContain(cookiePair(cookie).split('=')[1]);
  });

  it('API clients (no X-Huddle-Client) still get the token in the body and can refresh with it', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const res = await request(server())
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const tokens = res.body as TokenResponse;
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookiePair(refreshCookieOf(res))).toBe(`huddle_refresh=${tokens.refreshToken}`);
    const next = await request(server())
      .post('/api/auth/refresh')
      .send({ refreshToken: tokens.refreshToken })
      .expect(200);
    expect((next.body as TokenResponse).refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((next.body as TokenResponse).refreshToken).not.toBe(tokens.refreshToken);
  });

  it('refreshes from the cookie (a new tab): new access token, rotated cookie, audited', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const login = await loginAsDashboard(user).expect(200);
    const first = cookiePair(refreshCookieOf(login));
    const res = await cookieRefresh(first).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const second = cookiePair(refreshCookieOf(res));
    expect(second).not.toBe(first);
    const body = res.body as TokenResponse;
    expect(body.refreshToken).toBeUndefined();
    expect(body.user.id).toBe(user.id);
    await me(body.accessToken).expect(200);
    // The rotated cookie works in turn.
    await cookieRefresh(second).expect(200);
    const actions = (await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(['auth.login:success', 'auth.refresh:success', 'auth.refresh:success']);
  });

  it('refuses a cookie refresh without the X-Huddle-Client header (CSRF) and changes nothing', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const first = cookiePair(refreshCookieOf(await loginAsDashboard(user).expect(200)));
    const refused = await cookieRefresh(first, {}).expect(403);
    expect(refused.body.message).toMatch(/x-huddle-client/i);
    expect(refreshCookieOf(refused)).toBeUndefined();
    // The session was not rotated: the same cookie still works from the dashboard.
    await cookieRefresh(first).expect(200);
    expect((await auditOf(t.db, user.id)).map((e) => e.action)).toEqual(['auth.login', 'auth.refresh']);
  });

  it('keeps rotation and reuse detection: a concurrent tab is refused without losing the cookie, a copied one ends the session', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const first = cookiePair(refreshCookieOf(await loginAsDashboard(user).expect(200)));
    const rotated = await cookieRefresh(first).expect(200);
    const second = cookiePair(refreshCookieOf(rotated));

    // Another tab sent the old cookie at the same moment: refused, and the new cookie is not cleared.
    const concurrent = await cookieRefresh(first).expect(401);
    expect(refreshCookieOf(concurrent)).toBeUndefined();
    await me((rotated.body as TokenResponse).accessToken).expect(200);

    // Long after the rotation the old token means a copy: the session ends and the cookie is cleared.
    clock.advance(11_000);
    const reused = await cookieRefresh(first).expect(401);
    expect(refreshCookieOf(reused)).toMatch(/^huddle_refresh=;.*Expires=Thu, 01 Jan 1970/i);
    await cookieRefresh(second).expect(401);
    await me((rotated.body as TokenResponse).accessToken).expect(401);

    const events = (await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.details['reason'] ?? ''}`);
    expect(events).toEqual([
      'auth.login:',
      'auth.refresh:',
      'auth.refresh:superseded',
      'auth.refresh_token_reuse:reuse',
      'auth.refresh:revoked',
    ]);
  });

  it('logout clears the cookie and the session; a later tab must sign in', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const login = await loginAsDashboard(user).expect(200);
    const cookie = cookiePair(refreshCookieOf(login));
    const out = await request(server())
      .post('/api/auth/logout')
      .set(DASHBOARD)
      .set('Cookie', cookie)
      .set('Authorization', `Bearer ${(login.body as TokenResponse).accessToken}`)
      .expect(200);
    const cleared = refreshCookieOf(out) as string;
    expect(cleared).toMatch(/^huddle_refresh=;/);
    expect(cleared.toLowerCase()).toContain('path=/api/auth');
    expect(cleared).toMatch(/Max-Age=0/);
    await cookieRefresh(cookie).expect(401);
    expect((await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'auth.login:success',
      'auth.logout:success',
      'auth.refresh:failure',
    ]);
  });

  it('without a cookie or body token answers 401 and audits nothing; a malformed cookie is cleared', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'auth.refresh%'`);
    const none = await request(server()).post('/api/auth/refresh').set(DASHBOARD).send({}).expect(401);
    expect(none.body.message).toMatch(/sign in again/);
    const bad = await cookieRefresh('huddle_refresh=not*a*token').expect(401);
    expect(refreshCookieOf(bad)).toMatch(/^huddle_refresh=;/);
    const after = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'auth.refresh%'`);
    expect(after[0].n).toBe(before[0].n);
    // A malformed body token is still a 400 naming the field.
    const invalid = await request(server()).post('/api/auth/refresh').send({ refreshToken: 'short' }).expect(400);
    expect(JSON.stringify(invalid.body.message)).toContain('refreshToken');
  });

  it('the server-side idle timeout still applies to a cookie refresh', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const cookie = cookiePair(refreshCookieOf(await loginAsDashboard(user).expect(200)));
    clock.advance(15 * MINUTE + 1000);
    const res = await cookieRefresh(cookie).expect(401);
    expect(refreshCookieOf(res)).toMatch(/^huddle_refresh=;/);
    expect((await auditOf(t.db, user.id)).map((e) => e.action)).toEqual(['auth.login', 'session.idle_timeout']);
  });
});

describe('refresh-token cookie with REFRESH_COOKIE_SECURE=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_COOKIE_SECURE: 'false' });
  });
  afterAll(() => t.close());

  it('leaves out Secure (plain-http deployments under another host name) but keeps HttpOnly and SameSite', async () => {
    const clinic = await createBareClinic(t.db);
    const user = await createLoginUser(t.db, clinic.id);
    const res = await request(t.app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Huddle-Client', 'dashboard')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const raw = res.headers['set-cookie'] as unknown as string[];
    const cookie = raw.find((c) => c.startsWith('huddle_refresh=')) as string;
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=strict');
    expect(cookie.toLowerCase()).not.toContain('secure');
  });
});
