import request from 'supertest';
import type { StaffRole, TokenResponse } from '@huddle/shared-types';
import { PasswordLoginService } from '../src/app/auth/password-login.service';
import { SessionService } from '../src/app/auth/session.service';
import { DEMO_PASSWORD, seedDemoData } from '../src/app/seed/demo-seed';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { INVALID_CREDENTIALS_MESSAGE } from '@huddle/shared-types';
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

describe('password sign-in, sessions and their audit trail', () => {
  let t: TestApp;
  const clock = new FakeClock();
  let clinic: { id: string; name: string };
  const server = () => t.app.getHttpServer();

  const login = (email: string, password = PASSWORD) =>
    request(server()).post('/api/auth/login').send({ email, password });
  const signIn = async (user: LoginUser): Promise<TokenResponse> => (await login(user.email).expect(200)).body;
  const me = (accessToken: string) =>
    request(server()).get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`);
  // API clients (no X-Huddle-Client header) get the refresh token in the body; a missing one makes the call a 401.
  const refresh = (refreshToken: string | undefined) =>
    request(server()).post('/api/auth/refresh').send({ refreshToken });

  beforeAll(async () => {
    // Long access tokens, so idle timeout (15 min) is what ends a session in these tests.
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '3600' }, undefined, [], [clock.override]);
    clinic = await createBareClinic(t.db);
  });
  afterAll(() => t.close());

  it('signs in with email and password and returns tokens and the user', async () => {
    const user = await createLoginUser(t.db, clinic.id, 'psychiatric_consultant');
    const res = await login(`  ${user.email.toUpperCase()} `).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 3600,
      idleTimeout: 900,
      user: {
        id: user.id,
        displayName: 'Test psychiatric_consultant',
        role: user.role,
        clinicId: clinic.id,
        clinicName: clinic.name,
      },
    });
    const profile = await me(res.body.accessToken).expect(200);
    expect(profile.body).toEqual(res.body.user);
    expect(await auditOf(t.db, user.id)).toEqual([
      { action: 'auth.login', outcome: 'success', details: { method: 'password', sessionId: expect.any(String) } },
    ]);
  });

  it('answers every refusal with the same 401, whatever the cause, and audits the cause', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const inactive = await createLoginUser(t.db, clinic.id, 'pcp', { active: false });
    const ssoOnly = await createLoginUser(t.db, clinic.id, 'pcp', { passwordHash: null });
    const answers = [
      await login(user.email, 'wrong password').expect(401),
      await login('nobody@nowhere.test').expect(401),
      await login(inactive.email).expect(401),
      await login(ssoOnly.email).expect(401),
    ];
    for (const res of answers) {
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'UNAUTHENTICATED',
        message: INVALID_CREDENTIALS_MESSAGE,
      });
    }
    expect(await auditOf(t.db, user.id)).toEqual([
      { action: 'auth.login', outcome: 'failure', details: { method: 'password', reason: 'bad_password' } },
    ]);
    expect((await auditOf(t.db, inactive.id))[0]?.details).toMatchObject({ reason: 'inactive' });
    expect((await auditOf(t.db, ssoOnly.id))[0]?.details).toMatchObject({ reason: 'no_password' });
    const unknown = await t.db.query(
      `SELECT actor_id, clinic_id FROM audit_log WHERE action = 'auth.login' AND details->>'reason' = 'unknown_email'`,
    );
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]).toEqual({ actor_id: null, clinic_id: null });
  });

  it('takes about as long for an unknown email as for a wrong password (dummy hash)', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const time = async (email: string): Promise<number> => {
      const start = process.hrtime.bigint();
      await login(email, 'not the password').expect(401);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known = Math.min(await time(user.email), await time(user.email));
    const unknown = Math.min(await time('ghost@auth.test'), await time('ghost2@auth.test'));
    expect(unknown).toBeGreaterThan(known * 0.5);
  });

  it('slows down, then locks only the (account, client) pair after 5 failures; another client still signs in', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const SECOND = 1000;
    // Failures 1 and 2 are free; from the 3rd each one doubles the wait before this client's next try.
    for (let i = 0; i < 4; i++) {
      await login(user.email, `wrong ${i}`).expect(401);
      clock.advance(2 ** Math.max(0, i - 2) * SECOND);
    }
    await signIn(user); // success resets the pair
    await login(user.email, 'wrong 0').expect(401);
    await login(user.email, 'wrong 1').expect(401);
    await login(user.email, 'wrong 2').expect(401); // 3rd failure: the next try must wait 1 s
    await login(user.email).expect(401); // too soon: refused, even with the right password, not counted
    clock.advance(SECOND);
    await login(user.email, 'wrong 3').expect(401);
    clock.advance(2 * SECOND);
    await login(user.email, 'wrong 4').expect(401); // 5th failure: this client is locked out
    const res = await login(user.email).expect(401); // right password, but this pair is locked
    expect(res.body.message).toBe(INVALID_CREDENTIALS_MESSAGE);

    // The clinician at another workstation is not affected, and the stranger's failures are kept apart.
    const passwordLogin = t.app.get(PasswordLoginService);
    await expect(passwordLogin.login(user.email, PASSWORD, '203.0.113.9')).resolves.toMatchObject({
      user: { id: user.id },
    });

    clock.advance(14 * MINUTE);
    await login(user.email).expect(401);
    clock.advance(MINUTE + 1000);
    await signIn(user);

    const events = (await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.outcome}:${e.details['reason'] ?? ''}`);
    expect(events).toEqual([
      ...Array(4).fill('auth.login:failure:bad_password'),
      'auth.login:success:',
      ...Array(3).fill('auth.login:failure:bad_password'),
      'auth.login:failure:throttled',
      'auth.login:failure:bad_password',
      'auth.lockout:failure:',
      'auth.login:failure:bad_password',
      'auth.login:failure:locked',
      'auth.login:success:',
      'auth.login:failure:locked',
      'auth.login:success:',
    ]);
    const [row] = await t.db.query('SELECT failed_login_count, locked_until FROM staff_user WHERE id = $1', [user.id]);
    expect(row).toEqual({ failed_login_count: 0, locked_until: null }); // the account itself was never locked
    expect(await t.db.query('SELECT 1 FROM login_throttle WHERE staff_id = $1', [user.id])).toEqual([]);
  }, 120_000);

  it('rotates the refresh token: the new one works, the old one is refused and ends the session', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const first = await signIn(user);
    const second: TokenResponse = (await refresh(first.refreshToken).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user.id).toBe(user.id);
    await me(second.accessToken).expect(200);
    const third: TokenResponse = (await refresh(second.refreshToken).expect(200)).body;

    // The rotated-out token comes back at once: another tab refreshing concurrently. Refused, session kept.
    await refresh(second.refreshToken).expect(401);
    await me(third.accessToken).expect(200);
    // Later, it means the token was copied: the whole session ends.
    clock.advance(11_000);
    await refresh(second.refreshToken).expect(401);
    await refresh(third.refreshToken).expect(401);
    await me(third.accessToken).expect(401);
    await refresh('x'.repeat(43)).expect(401);

    const events = (await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.outcome}:${e.details['reason'] ?? ''}`);
    expect(events).toEqual([
      'auth.login:success:',
      'auth.refresh:success:',
      'auth.refresh:success:',
      'auth.refresh:failure:superseded',
      'auth.refresh_token_reuse:failure:reuse',
      'auth.refresh:failure:revoked',
    ]);
  });

  it('refresh issues tokens with the role as it is now', async () => {
    const user = await createLoginUser(t.db, clinic.id, 'pcp');
    const first = await signIn(user);
    await t.db.query(`UPDATE staff_user SET role = 'care_manager' WHERE id = $1`, [user.id]);
    const next: TokenResponse = (await refresh(first.refreshToken).expect(200)).body;
    expect(next.user.role).toBe('care_manager');
  });

  it('logout revokes the session: its access and refresh tokens stop working', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const tokens = await signIn(user);
    const out = await request(server())
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .expect(200);
    expect(out.body).toEqual({ endSessionUrl: null }); // a password session: nothing to end at an issuer
    await me(tokens.accessToken).expect(401);
    await refresh(tokens.refreshToken).expect(401);
    const actions = (await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(['auth.login:success', 'auth.logout:success', 'auth.refresh:failure']);
  });

  it('ends a session idle for longer than the timeout, on a request or on refresh', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const viaRequest = await signIn(user);
    const viaRefresh = await signIn(user);
    clock.advance(14 * MINUTE);
    await me(viaRequest.accessToken).expect(200); // activity keeps it alive
    clock.advance(14 * MINUTE);
    await me(viaRequest.accessToken).expect(200);
    await refresh(viaRefresh.refreshToken).expect(401); // idle 28 min: refresh is not activity
    clock.advance(15 * MINUTE + 1000);
    const res = await me(viaRequest.accessToken).expect(401);
    expect(res.body.message).toMatch(/inactivity/);

    const actions = (await auditOf(t.db, user.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual([
      'auth.login:success',
      'auth.login:success',
      'session.idle_timeout:failure',
      'session.idle_timeout:failure',
    ]);
    const sessions = await t.db.query(`SELECT revoked_reason FROM user_session WHERE user_id = $1`, [user.id]);
    expect(sessions.map((s: { revoked_reason: string }) => s.revoked_reason)).toEqual(['idle_timeout', 'idle_timeout']);
  });

  it('refuses the tokens of a user deactivated after sign-in', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    const tokens = await signIn(user);
    await t.db.query('UPDATE staff_user SET active = false WHERE id = $1', [user.id]);
    await me(tokens.accessToken).expect(401);
    await refresh(tokens.refreshToken).expect(401);
    expect((await auditOf(t.db, user.id)).map((e) => e.action)).toContain('session.user_inactive');
  });

  it('audits a denied route and tells the login page which sign-in methods exist', async () => {
    const user = await createLoginUser(t.db, clinic.id, 'care_manager');
    const tokens = await signIn(user);
    await request(server()).get('/api/audit').set('Authorization', `Bearer ${tokens.accessToken}`).expect(403);
    const denied = (await auditOf(t.db, user.id)).find((e) => e.action === 'access.denied');
    expect(denied).toMatchObject({ outcome: 'denied', details: { route: 'GET /api/audit', permission: 'audit:read' } });

    const providers = await request(server()).get('/api/auth/providers').expect(200);
    expect(providers.body).toEqual({ password: true, oidc: false });
    await request(server()).get('/api/auth/oidc/login').expect(404);
  });

  it('validates the login body', async () => {
    await request(server()).post('/api/auth/login').send({ email: 'a@b.test' }).expect(400);
    await request(server())
      .post('/api/auth/login')
      .send({ email: 'a@b.test', password: 'x'.repeat(300) })
      .expect(400);
    await request(server()).post('/api/auth/refresh').send({ refreshToken: 'short' }).expect(400);
  });
});

describe('rate limits', () => {
  let t: TestApp;
  let clinic: { id: string; name: string };
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_PER_MINUTE: '8',
      LOGIN_RATE_LIMIT_PER_MINUTE: '3',
    });
    clinic = await createBareClinic(t.db);
  });
  afterAll(() => t.close());

  it('allows 3 login attempts a minute per IP and email, then answers 429', async () => {
    const user = await createLoginUser(t.db, clinic.id);
    for (let i = 0; i < 3; i++) {
      await request(server()).post('/api/auth/login').send({ email: user.email, password: 'nope' }).expect(401);
    }
    const res = await request(server()).post('/api/auth/login').send({ email: user.email, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after-login']).toBeDefined();
    // Another email from the same address is not affected.
    const other = await createLoginUser(t.db, clinic.id);
    await request(server()).post('/api/auth/login').send({ email: other.email, password: PASSWORD }).expect(200);
  });

  it('limits API requests per signed-in user, counted across routes', async () => {
    const tokenOf = async (role: StaffRole): Promise<string> => {
      const u = await createLoginUser(t.db, clinic.id, role);
      const tokens = await t.app.get(SessionService).open({ id: u.id, clinicId: clinic.id, role, displayName: 'x' });
      return tokens.accessToken;
    };
    const [a, b] = [await tokenOf('admin'), await tokenOf('admin')];
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const path = i % 2 ? '/api/auth/me' : '/api/audit';
      statuses.push((await request(server()).get(path).set('Authorization', `Bearer ${a}`)).status);
    }
    expect(statuses).toEqual([...Array(8).fill(200), 429]);
    await request(server()).get('/api/auth/me').set('Authorization', `Bearer ${b}`).expect(200);
  });
});

describe('demo accounts', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({}, scratch.url);
    await seedDemoData(t.db, { asOf: new Date('2026-11-23T12:00:00Z'), patientsPerCareManager: 1 });
  });
  afterAll(async () => {
    await t.close();
    await scratch.drop();
  });

  it('every seeded staff user signs in with the demo password', async () => {
    const staff: Array<{ email: string; role: string }> = await t.db.query('SELECT email, role FROM staff_user');
    expect(staff.length).toBeGreaterThanOrEqual(20);
    const hashes = await t.db.query('SELECT DISTINCT password_hash FROM staff_user');
    expect(hashes).toHaveLength(1); // hashed once, reused
    expect(hashes[0].password_hash).toMatch(/^\$argon2id\$/);
    const res = await request(t.app.getHttpServer())
      .post('/api/auth/login')
      .send({ email: 'admin@riverside.huddle.test', password: DEMO_PASSWORD })
      .expect(200);
    expect(res.body.user).toMatchObject({ role: 'admin', clinicName: 'Riverside Family Medicine' });
  });
});
