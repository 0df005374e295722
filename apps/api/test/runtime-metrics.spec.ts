import request from 'supertest';
import { createClinic, type ClinicFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

/**
 * The reliability suite's event-loop window (issue #14): POST /api/health/runtime/event-loop answers
 * the delay (perf_hooks.monitorEventLoopDelay) since the previous call, for clinic admins, only when
 * RUNTIME_METRICS_ENABLED is on.
 */
describe('runtime metrics: event-loop delay window', () => {
  let on: TestApp;
  let clinic: ClinicFixture;

  beforeAll(async () => {
    on = await createTestApp({ RUNTIME_METRICS_ENABLED: 'true' });
    clinic = await createClinic(on);
  });
  afterAll(async () => {
    await on?.close();
  });

  const take = (auth?: string) => {
    const req = request(on.app.getHttpServer()).post('/api/health/runtime/event-loop');
    return auth ? req.set('Authorization', auth) : req;
  };

  it('sees a blocked event loop in the window it fell in, and starts a new window at each call', async () => {
    await take(clinic.admin.auth).expect(200); // opens a window
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Block the loop for 150 ms (this test shares the process with the app).
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        const until = performance.now() + 150;
        while (performance.now() < until);
        resolve();
      }, 20),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const blocked = (await take(clinic.admin.auth).expect(200)).body;
    expect(blocked).toEqual({
      since: expect.any(String),
      seconds: expect.any(Number),
      samples: expect.any(Number),
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
      maxMs: expect.any(Number),
    });
    expect(blocked.maxMs).toBeGreaterThanOrEqual(130);
    expect(blocked.samples).toBeGreaterThan(5);

    // A new window began with the answer: it starts after the previous one.
    const next = (await take(clinic.admin.auth).expect(200)).body;
    expect(Date.parse(next.since)).toBeGreaterThan(Date.parse(blocked.since));
    expect(next.seconds).toBeLessThan(blocked.seconds);
  });

  it('is for clinic admins only, and signed-in callers', async () => {
    await take().expect(401);
    await take(clinic.careManager.auth).expect(403);
    await take(clinic.leadership.auth).expect(403);
  });

  it('answers 404 when RUNTIME_METRICS_ENABLED is off (the default)', async () => {
    const off = await createTestApp();
    try {
      const admin = (await createClinic(off)).admin;
      const res = await request(off.app.getHttpServer())
        .post('/api/health/runtime/event-loop')
        .set('Authorization', admin.auth)
        .expect(404);
      expect(res.body.message).toMatch(/Runtime metrics is not configured/);
    } finally {
      await off.close();
    }
  });
});
