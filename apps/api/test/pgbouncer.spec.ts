import { Client } from 'pg';
import { RegistryChanges } from '../src/app/database/registry-changes.service';
import { credentialsOf } from '../src/app/database/database-roles';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, must } from './registry-helpers';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { tempFolder } from './support/embedded-cluster';
import { PGBOUNCER_BINARY, pgbouncerInstalled, startPgBouncer, type RunningPgBouncer } from './support/pgbouncer';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

const SERVER_POOL_SIZE = 4;
const CONCURRENT = 40;

if (!pgbouncerInstalled()) {
  // CI installs it (.ci/run); a developer machine may not have it.
  console.warn(
    `\n*** SKIPPED: PgBouncer tests — ${PGBOUNCER_BINARY} is not installed (apt-get install -y pgbouncer) ***\n`,
  );
}
const describeWithPgBouncer = pgbouncerInstalled() ? describe : describe.skip;

/**
 * Issue #13 item 6: the API behind PgBouncer 1.18 in transaction mode (DATABASE_URL through PgBouncer,
 * DATABASE_DIRECT_URL for LISTEN and the job queue). Real requests — reads, transactional audited
 * writes, rate limits counted in PostgreSQL — succeed with more concurrent requests than PgBouncer has
 * server connections; change notifications still arrive on the direct connection.
 */
describeWithPgBouncer('behind PgBouncer in transaction mode', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let scratch: ScratchDatabase;
  let bouncer: RunningPgBouncer;
  let t: TestApp;
  let clinic: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    folder = await tempFolder('huddle-pgbouncer-');
    scratch = await createScratchDatabase();
    const app = credentialsOf(scratch.url);
    bouncer = await startPgBouncer({
      dir: folder.dir,
      serverUrl: scratch.url,
      users: { [app.user]: app.password },
      serverPoolSize: SERVER_POOL_SIZE,
    });
    t = await createTestApp(
      {
        DATABASE_DIRECT_URL: scratch.url,
        READ_CACHE_ENABLED: 'true',
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_STORE: 'postgres',
        RATE_LIMIT_PER_MINUTE: '1000',
        ACCESS_TOKEN_TTL_SECONDS: '3600',
      },
      bouncer.through(scratch.url),
    );
    clinic = await createClinic(t);
    // Listening before the first request: supertest given a server that is not listening starts it for
    // one request and closes it when that request ends — with the concurrent requests below, Node's
    // server.close() then dropped the others' idle connections ('read ECONNRESET' in 2 of 5 runs).
    await t.app.listen(0, '127.0.0.1');
    http = api(t);
    await eventually(async () => t.app.get(RegistryChanges).following);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await bouncer?.stop();
    await scratch?.drop();
    await folder?.remove();
  }, 60_000);

  it('serves concurrent reads and audited writes over fewer server connections than requests', async () => {
    const creates = Array.from({ length: CONCURRENT / 2 }, (_, n) =>
      http.post('/api/patients', clinic.careManager.auth, {
        mrn: `BOUNCER-${n}-${Date.now()}`,
        givenName: 'Pooled',
        familyName: `Patient${n}`,
        birthDate: '1980-01-01',
        preferredLanguage: 'en',
        payer: 'Medicaid',
      }),
    );
    const reads = Array.from({ length: CONCURRENT / 2 }, () =>
      http.get('/api/caseload?sort=name&pageSize=100', clinic.careManager.auth),
    );
    const responses = await Promise.all([...creates, ...reads]);
    expect(responses.slice(0, CONCURRENT / 2).map((r) => r.status)).toEqual(Array(CONCURRENT / 2).fill(201));
    expect(responses.slice(CONCURRENT / 2).map((r) => r.status)).toEqual(Array(CONCURRENT / 2).fill(200));
    expect(await auditRows(t, clinic.clinicId, 'patient.create')).toHaveLength(CONCURRENT / 2);

    const database = new URL(scratch.url).pathname.slice(1);
    const pools = await bouncer.show('SHOW POOLS', scratch.url);
    const pool = must(pools.find((p) => p['database'] === database));
    const serverConnections = ['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'].reduce(
      (sum, column) => sum + Number(pool[column] ?? 0),
      0,
    );
    expect(serverConnections).toBeGreaterThan(0);
    expect(serverConnections).toBeLessThanOrEqual(SERVER_POOL_SIZE);
    const stats = must((await bouncer.show('SHOW STATS', scratch.url)).find((s) => s['database'] === database));
    expect(Number(stats['total_xact_count'])).toBeGreaterThan(CONCURRENT);
  }, 60_000);

  it('counts rate limits and sessions through PgBouncer (no session state between statements)', async () => {
    for (let n = 0; n < 5; n++) await http.get('/api/auth/me', clinic.consultant.auth).expect(200);
    const [row] = await t.db.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM rate_limit_counter');
    expect(row?.n).toBeGreaterThan(0);
  });

  it('follows change notifications on its own direct connection, not through PgBouncer', async () => {
    const direct = new Client({ connectionString: scratch.ownerUrl });
    await direct.connect();
    try {
      const listening = await direct.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'huddle-api-changes'
           AND (query LIKE 'LISTEN%' OR query = 'SELECT 1')`,
      );
      expect(listening.rows[0]?.n).toBe(1);
      const { patientId } = await createPatient(t.db, clinic);
      const familyName = async (): Promise<string | undefined> =>
        (
          (await http.get('/api/caseload?sort=name&pageSize=100', clinic.careManager.auth).expect(200)).body
            .items as Array<{ patientId: string; familyName: string }>
        ).find((r) => r.patientId === patientId)?.familyName;
      expect(await familyName()).toBe('Patient');
      // Another writer (a tool, another instance): only the notification tells this instance.
      await direct.query(`UPDATE patient SET family_name = 'Notified' WHERE id = $1`, [patientId]);
      expect(await eventually(async () => (await familyName()) === 'Notified', 2_000)).toBeLessThan(2_000);
    } finally {
      await direct.end();
    }
  });
});
