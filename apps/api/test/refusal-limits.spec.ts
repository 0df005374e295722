import request from 'supertest';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { createTestApp, type TestApp } from './test-app';

/**
 * Issue #14 item 4: refused requests (401, 403, 404) are rate limited per client and credential before
 * authentication, so a probe cannot write an unbounded number of audit rows (ADR 0010).
 */
describe('refusal rate limit', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ENABLED: 'true', REFUSAL_LIMIT_PER_MINUTE: '5' });
    a = await createClinic(t);
    b = await createClinic(t);
  });
  afterAll(() => t.close());

  it('answers 429 after 5 invalid-token refusals, while a valid user from the same address goes on', async () => {
    for (let i = 0; i < 5; i++) {
      await request(server()).get('/api/patients').set('Authorization', 'Bearer not-a-token').expect(401);
    }
    const limited = await request(server()).get('/api/patients').set('Authorization', 'Bearer not-a-token');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await request(server()).get('/api/patients').set('Authorization', a.careManager.auth).expect(200);
    await request(server()).get('/api/health/live').set('Authorization', 'Bearer not-a-token').expect(200);
  });

  it('bounds the audit rows of out-of-scope probes: 5 × 404 audited, then 429 without a row', async () => {
    const target = await createPatient(t.db, a);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(
        (await request(server()).get(`/api/patients/${target.patientId}`).set('Authorization', b.careManager.auth))
          .status,
      );
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    const rows: unknown[] = await t.db.query(
      `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'access.not_found' AND resource_id = $2`,
      [b.careManager.id, target.patientId],
    );
    expect(rows).toHaveLength(5);
    // Another user at the same address is unaffected.
    await request(server())
      .get(`/api/patients/${target.patientId}`)
      .set('Authorization', a.careManager.auth)
      .expect(200);
  });
});

/**
 * ADR 0010 / issue #14: with several API instances the refusals are counted in PostgreSQL
 * (`rate_limit_counter`), so the limit is one limit, not one per process. Two apps on one scratch database.
 */
describe('refusal rate limit shared by instances', () => {
  let scratch: ScratchDatabase;
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    // The shared store (test apps count in memory unless told otherwise).
    const env = { RATE_LIMIT_ENABLED: 'true', REFUSAL_LIMIT_PER_MINUTE: '5', RATE_LIMIT_STORE: 'postgres' };
    one = await createTestApp(env, scratch.url);
    two = await createTestApp(env, scratch.url);
  }, 120_000);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await scratch?.drop();
  });

  const refuse = async (t: TestApp): Promise<number> =>
    (await request(t.app.getHttpServer()).get('/api/patients').set('Authorization', 'Bearer shared-probe')).status;

  it('counts the refusals of both instances against one limit', async () => {
    const statuses: number[] = [];
    for (const t of [one, two, one, two, one]) statuses.push(await refuse(t));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // `one` has refused only three itself: counted per process it would answer 401 up to twice more.
    expect(await refuse(one)).toBe(429);
    // `two` learns of the block at its next refusal (the store answers "blocked" without counting), then holds it.
    expect([await refuse(two), await refuse(two)]).toEqual([401, 429]);
    // One blocked counter (this client's) in the shared table, not one per instance; the address's is not blocked.
    const rows: Array<{ hits: number }> = await one.db.query(
      `SELECT hits FROM rate_limit_counter WHERE blocked_until > now()`,
    );
    expect(rows).toEqual([{ hits: 5 }]);
  });
});
