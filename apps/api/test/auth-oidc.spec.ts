import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import request from 'supertest';
import type { TokenResponse } from '@huddle/shared-types';
import { auditOf, createBareClinic, createLoginUser, PASSWORD, type LoginUser } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

const REDIRECT_URI = 'http://127.0.0.1:3999/api/auth/oidc/callback';
/** Default post-logout redirect: OIDC_POST_LOGIN_PATH on the callback's origin. */
const POST_LOGOUT_REDIRECT_URI = 'http://127.0.0.1:3999/login';
const CLIENT = { id: 'huddle-test', secret: 'huddle-test-client-secret' };

/** Starts the local OpenID provider (support/oidc-provider.mjs) and resolves its issuer URL. */
function startProvider(): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'support/oidc-provider.mjs')], {
    env: {
      ...process.env,
      REDIRECT_URI,
      POST_LOGOUT_REDIRECT_URI,
      CLIENT_ID: CLIENT.id,
      CLIENT_SECRET: CLIENT.secret,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
    if (!child.stdout) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve({ child, issuer: (JSON.parse(line) as { issuer: string }).issuer });
    });
  });
}

/** A browser's cookie jar, enough for the provider's session and interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(setCookies: string[]): void {
    for (const cookie of setCookies) {
      const pair = cookie.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A response header that must be there. */
function header(res: { headers: Record<string, unknown> }, name: string): string {
  const value = res.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') throw new Error(`missing ${name} header`);
  return first;
}

describe('single sign-on with OpenID Connect (local oidc-provider)', () => {
  let provider: ChildProcess;
  let t: TestApp;
  let clinic: { id: string; name: string };
  let issuer: string;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    const started = await startProvider();
    provider = started.child;
    issuer = started.issuer;
    t = await createTestApp({
      OIDC_ISSUER: started.issuer,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      OIDC_REDIRECT_URI: REDIRECT_URI,
    });
    clinic = await createBareClinic(t.db);
  });
  afterAll(async () => {
    await t?.close();
    provider?.kill('SIGTERM');
  });

  /**
   * Plays the browser: starts SSO at the API, signs in at the provider as `email`, and returns the
   * callback query plus the API's state cookie.
   */
  async function signInAtProvider(
    email: string,
  ): Promise<{ query: string; stateCookie: string; bindCookie: string; jar: CookieJar }> {
    const start = await request(server()).get('/api/auth/oidc/login').expect(302);
    const cookies = start.headers['set-cookie'] as unknown as string[];
    const stateCookie = cookies.find((c) => c.startsWith('__Host-huddle_oidc='))?.split(';')[0] ?? '';
    const bindCookie = cookies.find((c) => c.startsWith('__Host-huddle_oidc_bind='))?.split(';')[0] ?? '';
    const jar = new CookieJar();
    let location = header(start, 'location');
    for (let hop = 0; hop < 10 && !location.startsWith(REDIRECT_URI); hop++) {
      const url = new URL(location);
      if (url.pathname.startsWith('/interaction/')) url.searchParams.set('as', email);
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(res.headers.getSetCookie());
      location = new URL(res.headers.get('location') ?? '', url).href;
    }
    expect(location.startsWith(REDIRECT_URI)).toBe(true);
    return { query: new URL(location).search, stateCookie, bindCookie, jar };
  }
  const exchange = (code: string, bindCookie?: string) => {
    const req = request(server()).post('/api/auth/oidc/exchange');
    return (bindCookie ? req.set('Cookie', bindCookie) : req).send({ code });
  };

  const callback = (query: string, cookie?: string) => {
    const req = request(server()).get(`/api/auth/oidc/callback${query}`);
    return (cookie ? req.set('Cookie', cookie) : req).expect(302);
  };
  const fragmentOf = (location: string): URLSearchParams => new URLSearchParams(location.split('#')[1]);

  it('offers SSO on the login page', async () => {
    const res = await request(server()).get('/api/auth/providers').expect(200);
    expect(res.body).toEqual({ password: true, oidc: true });
  });

  it('starts with a PKCE authorization request and a short-lived, HttpOnly state cookie', async () => {
    const res = await request(server()).get('/api/auth/oidc/login').expect(302);
    const url = new URL(header(res, 'location'));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT.id,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: expect.any(String),
      nonce: expect.any(String),
      code_challenge: expect.any(String),
      max_age: '0', // the issuer asks again at every Huddle sign-in (shared workstations)
    });
    const [state, bind] = res.headers['set-cookie'] as unknown as string[];
    expect(state).toMatch(
      /^__Host-huddle_oidc=[\w-]+\.[\w-]+; Max-Age=600; Path=\/; Expires=.+; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(bind).toMatch(
      /^__Host-huddle_oidc_bind=[\w-]{43}; Max-Age=600; Path=\/; Expires=.+; HttpOnly; Secure; SameSite=Strict$/,
    );
  });

  it('maps the verified email to an active staff user and hands over a one-time code', async () => {
    const user: LoginUser = await createLoginUser(t.db, clinic.id, 'pcp', { passwordHash: null });
    const { query, stateCookie, bindCookie } = await signInAtProvider(user.email.toUpperCase());
    const res = await callback(query, stateCookie);
    expect(res.headers['location']).toMatch(/^\/login#oidc_code=[\w-]+$/);
    expect(res.headers['set-cookie']?.[0]).toMatch(/^__Host-huddle_oidc=;/); // state cookie cleared

    const code = fragmentOf(header(res, 'location')).get('oidc_code') ?? '';
    const tokens: TokenResponse = (await exchange(code, bindCookie).expect(200)).body;
    expect(tokens.user).toEqual({
      id: user.id,
      displayName: 'Test pcp',
      role: 'pcp',
      clinicId: clinic.id,
      clinicName: clinic.name,
    });
    await request(server()).get('/api/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(200);
    await exchange(code, bindCookie).expect(401); // single use
    const replay = await callback(query, stateCookie); // the provider's code cannot be redeemed twice either
    expect(fragmentOf(header(replay, 'location')).get('oidc_error')).toBe('sso_failed');

    const events = (await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.outcome}:${e.details['method'] ?? ''}`);
    expect(events).toEqual(['auth.oidc.link:success:', 'auth.oidc.callback:success:', 'auth.login:success:oidc']);
    // Linked to the issuer's user (iss, sub) at this first SSO sign-in.
    const [link] = await t.db.query('SELECT oidc_issuer, oidc_subject FROM staff_user WHERE id = $1', [user.id]);
    expect(link).toEqual({
      oidc_issuer: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
      oidc_subject: user.email.toUpperCase(),
    });
  });

  it('binds the one-time code to the browser that started the sign-in (an insider’s code is useless elsewhere)', async () => {
    const insider = await createLoginUser(t.db, clinic.id, 'pcp', { passwordHash: null });
    const colleague = await createLoginUser(t.db, clinic.id, 'pcp', { passwordHash: null });
    const mine = await signInAtProvider(insider.email);
    const code = fragmentOf(header(await callback(mine.query, mine.stateCookie), 'location')).get('oidc_code') ?? '';
    // The colleague's browser opens /login#oidc_code=<insider's code>: it has no binding, or its own.
    const theirs = await signInAtProvider(colleague.email);
    await exchange(code).expect(401);
    await exchange(code, theirs.bindCookie).expect(401);
    await exchange(code, `${mine.bindCookie}; ${theirs.bindCookie}`).expect(401); // two bindings: refused
    const tokens: TokenResponse = (await exchange(code, mine.bindCookie).expect(200)).body;
    expect(tokens.user.id).toBe(insider.id);
  });

  it('refuses a different subject for a linked account, and several state cookies', async () => {
    const user = await createLoginUser(t.db, clinic.id, 'pcp', { passwordHash: null });
    const first = await signInAtProvider(user.email);
    expect(
      fragmentOf(header(await callback(first.query, first.stateCookie), 'location')).get('oidc_code'),
    ).toBeTruthy();
    // Same email (case-insensitively), another subject at the issuer: refused.
    const other = await signInAtProvider(user.email.toUpperCase());
    const res = await callback(other.query, other.stateCookie);
    expect(fragmentOf(header(res, 'location')).get('oidc_error')).toBe('access_denied');
    expect((await auditOf(t.db, user.id)).at(-1)).toMatchObject({ details: { reason: 'subject_mismatch' } });

    const again = await signInAtProvider(user.email);
    const tossed = await callback(again.query, `${again.stateCookie}; ${first.stateCookie}`);
    expect(fragmentOf(header(tossed, 'location')).get('oidc_error')).toBe('expired');
  });

  it('refuses unknown, inactive and unverified identities without opening a session', async () => {
    const inactive = await createLoginUser(t.db, clinic.id, 'pcp', { active: false });
    const unverifiedEmail = `unverified.${Date.now()}@auth.test`;
    const unverified = await createLoginUser(t.db, clinic.id, 'pcp');
    await t.db.query('UPDATE staff_user SET email = $2 WHERE id = $1', [unverified.id, unverifiedEmail]);

    for (const email of ['stranger@auth.test', inactive.email, unverifiedEmail]) {
      const { query, stateCookie } = await signInAtProvider(email);
      const res = await callback(query, stateCookie);
      expect(fragmentOf(header(res, 'location')).get('oidc_error')).toBe('access_denied');
    }
    expect((await auditOf(t.db, inactive.id))[0]).toMatchObject({
      outcome: 'failure',
      details: { reason: 'no_account' },
    });
    expect((await auditOf(t.db, unverified.id))[0]).toMatchObject({ details: { reason: 'email_not_verified' } });
    const sessions = await t.db.query('SELECT 1 FROM user_session WHERE user_id = ANY($1)', [
      [inactive.id, unverified.id],
    ]);
    expect(sessions).toHaveLength(0);
  });

  it('refuses a callback from another browser (no state cookie) or with a swapped state', async () => {
    const user = await createLoginUser(t.db, clinic.id, 'pcp');
    const first = await signInAtProvider(user.email);
    const withoutCookie = await callback(first.query);
    expect(fragmentOf(header(withoutCookie, 'location')).get('oidc_error')).toBe('expired');

    const second = await signInAtProvider(user.email);
    const swapped = await callback(second.query, first.stateCookie);
    expect(fragmentOf(header(swapped, 'location')).get('oidc_error')).toBe('sso_failed');

    const forged = await callback(second.query, `${second.stateCookie}x`);
    expect(fragmentOf(header(forged, 'location')).get('oidc_error')).toBe('expired');
    expect((await auditOf(t.db, user.id)).every((e) => e.outcome === 'failure')).toBe(true);
  });

  /**
   * Whether the browser (its provider cookies) still has a session at the provider: an authorization
   * request with `prompt=none` answers with a code when it does and `login_required` when it does not.
   */
  async function providerSessionAlive(jar: CookieJar): Promise<boolean> {
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: CLIENT.id,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      prompt: 'none',
      state: 'probe',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    let location = '';
    for (let hop = 0, next = url.href; hop < 5; hop++) {
      const res = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(res.headers.getSetCookie());
      location = new URL(res.headers.get('location') ?? '', next).href;
      if (location.startsWith(REDIRECT_URI)) break;
      next = location;
    }
    const params = new URL(location).searchParams;
    if (params.get('code')) return true;
    expect(params.get('error')).toBe('login_required');
    return false;
  }

  it('signing out of an SSO session ends the identity provider’s session too (RP-initiated logout)', async () => {
    const user = await createLoginUser(t.db, clinic.id, 'pcp', { passwordHash: null });
    const browser = await signInAtProvider(user.email);
    const code = fragmentOf(header(await callback(browser.query, browser.stateCookie), 'location')).get('oidc_code');
    const exchanged = await exchange(code ?? '', browser.bindCookie).expect(200);
    const tokens: TokenResponse = exchanged.body;
    // The issuer's ID token stays on the server: not in the answer the browser reads, kept with the session.
    const [kept] = await t.db.query(
      'SELECT oidc_id_token FROM user_session WHERE user_id = $1 AND revoked_at IS NULL',
      [user.id],
    );
    expect(kept.oidc_id_token).toMatch(/^eyJ/);
    expect(exchanged.text).not.toContain(kept.oidc_id_token);
    const [handoff] = await t.db.query('SELECT id_token FROM auth_handoff WHERE user_id = $1', [user.id]);
    expect(handoff.id_token).toBeNull(); // left the one-time code's row when it was used
    expect(await providerSessionAlive(browser.jar)).toBe(true);

    const out = await request(server())
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .expect(200);
    const endSession = new URL(out.body.endSessionUrl as string);
    // The end_session_endpoint from the provider's discovery document, with the logout parameters.
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(`${endSession.origin}${endSession.pathname}`).toBe(discovery['end_session_endpoint']);
    const params = Object.fromEntries(endSession.searchParams);
    expect(params).toEqual({
      id_token_hint: kept.oidc_id_token,
      post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI,
      state: expect.stringMatching(/^[\w-]{22}$/),
      client_id: CLIENT.id,
    });
    const claims = JSON.parse(Buffer.from(params['id_token_hint']?.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ sub: user.email, aud: CLIENT.id });
    // Huddle's session is over and the token left the database with it.
    await request(server()).get('/api/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(401);
    const [after] = await t.db.query(
      'SELECT oidc_id_token, revoked_reason FROM user_session WHERE id IN (SELECT id FROM user_session WHERE user_id = $1)',
      [user.id],
    );
    expect(after).toEqual({ oidc_id_token: null, revoked_reason: 'logout' });
    expect((await auditOf(t.db, user.id)).at(-1)).toMatchObject({
      action: 'auth.logout',
      details: { identityProviderLogout: true },
    });

    // The browser follows it: the provider asks to confirm, then returns to Huddle with the state.
    const page = await fetch(endSession, { redirect: 'manual', headers: { cookie: browser.jar.header() } });
    browser.jar.store(page.headers.getSetCookie());
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const confirm = await fetch(new URL('/session/end/confirm', issuer), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: browser.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    browser.jar.store(confirm.headers.getSetCookie());
    expect(confirm.headers.get('location')).toBe(`${POST_LOGOUT_REDIRECT_URI}?state=${params['state']}`);
    const recorded = (await (await fetch(`${issuer}/test/end-session-calls`)).json()) as {
      calls: Array<Record<string, string>>;
      ended: string[];
    };
    expect(recorded.calls.at(-1)).toEqual(params);
    expect(recorded.ended.at(-1)).toBe(CLIENT.id);
    expect(await providerSessionAlive(browser.jar)).toBe(false);
  });

  it('signing out of a password session answers without an end-session URL', async () => {
    const user = await createLoginUser(t.db, clinic.id, 'pcp');
    const login = await request(server())
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const out = await request(server())
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${(login.body as TokenResponse).accessToken}`)
      .expect(200);
    expect(out.body).toEqual({ endSessionUrl: null });
  });

  it('refuses unknown exchange codes', async () => {
    await exchange('A'.repeat(43), '__Host-huddle_oidc_bind=' + 'B'.repeat(43)).expect(401);
  });
});
