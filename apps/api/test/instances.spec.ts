import { answersFor } from './builders';
import { PASSWORD, createLoginUser } from './auth-helpers';
import { createClinic, createPatient, createStaff, type ClinicFixture } from './fixtures';
import { must, renameSilently } from './registry-helpers';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { SmtpSink, tokenIn } from './smtp-sink';
import { startApiProcess, stopApiProcesses, TEST_JWT_SECRET, type ApiProcess } from './support/api-process';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

const INSTANCES = 3;
const RATE_LIMIT_PER_MINUTE = 40;
const LOGIN_MAX_FAILURES = 3;

async function call(
  instance: ApiProcess,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  auth?: string,
  body?: object,
): Promise<{ status: number; body: Record<string, unknown> & { items?: unknown } }> {
  const res = await fetch(`${instance.base}${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * Issue #13 item 5: three real API processes (apps/api/src/main.ts) on one PostgreSQL database, each
 * with its read caches on and its rate limits counted in PostgreSQL, are correct together: a read
 * cache is invalidated by another instance's write (NOTIFY), a sign-out on one is refused by the
 * others, one user's rate limit and one account's lockout are counted across instances, and a job
 * queued on pg-boss runs once although every instance works the queue.
 */
describe('several API instances on one PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let setup: TestApp;
  let smtp: SmtpSink;
  let instances: ApiProcess[] = [];
  let clinic: ClinicFixture;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    smtp = await new SmtpSink().start();
    // In this process only to create fixtures: its sessions are signed with the instances' secret.
    setup = await createTestApp({ JWT_SECRET: TEST_JWT_SECRET, ACCESS_TOKEN_TTL_SECONDS: '3600' }, scratch.url);
    clinic = await createClinic(setup);
    const env = {
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
      LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES),
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://huddle.test',
      SELF_REPORT_JOBS_ENABLED: 'true',
      // main.ts migrates as the owner (nothing left to do here) and serves as the app role.
      DATABASE_OWNER_URL: scratch.ownerUrl,
    };
    // The first fills the transpile cache; the others start from it.
    const first = await startApiProcess(scratch.url, env);
    instances = [first, ...(await Promise.all([1, 2].map(() => startApiProcess(scratch.url, env))))];
  }, 600_000);

  afterAll(async () => {
    await stopApiProcesses();
    await setup?.close();
    await smtp?.stop();
    await scratch?.drop();
  }, 60_000);

  const [a, b, c] = [0, 1, 2].map((n) => () => must(instances[n], `instance ${n}`));

  it('runs separate processes, each answering on its own port', () => {
    expect(new Set(instances.map((i) => i.pid)).size).toBe(INSTANCES);
    expect(new Set(instances.map((i) => i.base)).size).toBe(INSTANCES);
  });

  it("invalidates another instance's read cache when one instance writes (NOTIFY)", async () => {
    const { patientId } = await createPatient(setup.db, clinic);
    const familyNameOn = async (instance: ApiProcess): Promise<string | undefined> => {
      const res = await call(instance, 'GET', '/api/caseload?sort=name&pageSize=100', clinic.careManager.auth);
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ patientId: string; familyName: string }>).find((r) => r.patientId === patientId)
        ?.familyName;
    };
    expect(await familyNameOn(b())).toBe('Patient');
    // A write no one is told about (no notification): B keeps serving what it cached — the cache is live.
    await renameSilently(setup.db, patientId, 'Unannounced');
    expect(await familyNameOn(b())).toBe('Patient');

    // The same kind of change through instance A: B's cache is dropped by A's commit notification.
    const current = await call(a(), 'GET', `/api/patients/${patientId}`, clinic.careManager.auth);
    expect(current.status).toBe(200);
    const renamed = await call(a(), 'PATCH', `/api/patients/${patientId}`, clinic.careManager.auth, {
      version: current.body.version,
      familyName: 'Renamed',
    });
    expect(renamed.status).toBe(200);
    const ms = await eventually(async () => (await familyNameOn(b())) === 'Renamed', 2_000);
    expect(ms).toBeLessThan(2_000);
    expect(await familyNameOn(c())).toBe('Renamed');
  }, 60_000);

  it('refreshes on the other instances only the caseload a write touched (scoped notifications)', async () => {
    const p = await createPatient(setup.db, clinic); // caseload X
    const q = await createPatient(setup.db, clinic, { careManagerId: clinic.otherCareManager.id }); // caseload Y
    const familyNameOn = async (auth: string, patientId: string): Promise<string | undefined> => {
      const res = await call(b(), 'GET', '/api/caseload?sort=name&pageSize=100', auth);
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ patientId: string; familyName: string }>).find((r) => r.patientId === patientId)
        ?.familyName;
    };
    await eventually(async () => (await familyNameOn(clinic.careManager.auth, p.patientId)) === 'Patient');
    await eventually(async () => (await familyNameOn(clinic.otherCareManager.auth, q.patientId)) === 'Patient');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the set-up's notifications have reached B
    expect(await familyNameOn(clinic.otherCareManager.auth, q.patientId)).toBe('Patient'); // cached on B now
    await renameSilently(setup.db, q.patientId, 'Y-silent');

    // A write in caseload X through instance A.
    const current = await call(a(), 'GET', `/api/patients/${p.patientId}`, clinic.careManager.auth);
    const renamed = await call(a(), 'PATCH', `/api/patients/${p.patientId}`, clinic.careManager.auth, {
      version: current.body.version,
      familyName: 'X-renamed',
    });
    expect(renamed.status).toBe(200);
    await eventually(async () => (await familyNameOn(clinic.careManager.auth, p.patientId)) === 'X-renamed', 2_000);
    // Caseload Y was not touched: B still serves its cached page.
    expect(await familyNameOn(clinic.otherCareManager.auth, q.patientId)).toBe('Patient');
  }, 60_000);

  it('refuses a session signed out on one instance on the others at once', async () => {
    const user = await createLoginUser(setup.db, clinic.clinicId);
    const login = await call(a(), 'POST', '/api/auth/login', undefined, { email: user.email, password: PASSWORD });
    expect(login.status).toBe(200);
    const auth = `Bearer ${login.body.accessToken as string}`;
    // Every instance accepts the session (and now holds it as recently confirmed).
    for (const instance of instances) expect((await call(instance, 'GET', '/api/auth/me', auth)).status).toBe(200);

    expect((await call(a(), 'POST', '/api/auth/logout', auth)).status).toBe(200);
    // The very next requests, on the other instances, are refused.
    const [onB, onC] = await Promise.all([
      call(b(), 'GET', '/api/auth/me', auth),
      call(c(), 'GET', '/api/auth/me', auth),
    ]);
    expect(onB.status).toBe(401);
    expect(onC.status).toBe(401);
    expect((await call(a(), 'GET', '/api/auth/me', auth)).status).toBe(401);
  }, 60_000);

  it("counts one user's rate limit across instances (PostgreSQL, not per process)", async () => {
    const user = await createStaff(setup, clinic.clinicId, 'care_manager', 'limited');
    const statuses: number[] = [];
    for (let n = 0; n < RATE_LIMIT_PER_MINUTE; n++) {
      statuses.push((await call(must(instances[n % INSTANCES]), 'GET', '/api/auth/me', user.auth)).status);
    }
    // Spread over three instances, each saw about a third of the limit: all served.
    expect(statuses.every((s) => s === 200)).toBe(true);
    // The limit is reached for the user on every instance.
    for (const instance of instances) {
      const refused = await call(instance, 'GET', '/api/auth/me', user.auth);
      expect(refused.status).toBe(429);
    }
    // Another user is not affected.
    expect((await call(b(), 'GET', '/api/auth/me', clinic.otherCareManager.auth)).status).toBe(200);
  });

  it('locks an account after failures spread over instances (the lockout is shared)', async () => {
    const user = await createLoginUser(setup.db, clinic.clinicId);
    for (let n = 0; n < LOGIN_MAX_FAILURES; n++) {
      const failed = await call(must(instances[n % INSTANCES]), 'POST', '/api/auth/login', undefined, {
        email: user.email,
        password: 'not-the-password',
      });
      expect(failed.status).toBe(401);
    }
    // No instance saw more than one failure; together they locked the account for this client.
    for (const instance of instances) {
      const locked = await call(instance, 'POST', '/api/auth/login', undefined, {
        email: user.email,
        password: PASSWORD,
      });
      expect(locked.status).toBe(401);
    }
    const rows: Array<{ locked_until: Date | null }> = await setup.db.query(
      'SELECT locked_until FROM login_throttle WHERE staff_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(must(rows[0]).locked_until?.getTime()).toBeGreaterThan(Date.now());
  }, 120_000);

  it('runs each queued job once although every instance works the queue (pg-boss)', async () => {
    const PATIENTS = 6;
    const patients = await Promise.all(Array.from({ length: PATIENTS }, () => createPatient(setup.db, clinic)));
    // Each patient reports a PHQ-9 item 9 above 0 through a different instance: one urgent alert each, queued.
    await Promise.all(
      patients.map(async ({ patientId }, n) => {
        const instance = must(instances[n % INSTANCES]);
        const email = `jobs.${n}.${Date.now()}@example.test`;
        const link = await call(
          instance,
          'POST',
          `/api/patients/${patientId}/self-report-links`,
          clinic.careManager.auth,
          {
            instruments: ['PHQ9'],
            channel: 'email',
            email,
          },
        );
        expect(link.status).toBe(201);
        const token = tokenIn(await smtp.waitFor((m) => m.to.includes(email), 10_000));
        const submitted = await call(instance, 'POST', '/api/self-report/submit', undefined, {
          token,
          responses: [{ instrument: 'PHQ9', answers: answersFor('PHQ9', 10, { item9: 3 }) }],
        });
        expect(submitted.status).toBe(200);
      }),
    );
    const alertsFor = (patientId: string) =>
      smtp.messages.filter((m) => m.subject.includes('URGENT') && m.text.includes(patientId));
    await eventually(async () => patients.every((p) => alertsFor(p.patientId).length > 0), 60_000);
    // Three workers poll the queue every 2 s: give a duplicate time to show.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    for (const { patientId } of patients) expect(alertsFor(patientId)).toHaveLength(1);
    const jobs: Array<{ state: string; retry_count: number }> = await setup.db.query(
      `SELECT state, retry_count FROM pgboss.job WHERE name = 'self-report-safety-alert'`,
    );
    expect(jobs).toHaveLength(PATIENTS);
    expect(jobs.every((j) => j.state === 'completed' && j.retry_count === 0)).toBe(true);
  }, 120_000);
});
