import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import request from 'supertest';
import { startEmbeddedDatabase } from '../src/app/database/embedded-database';
import { createClinic } from './fixtures';
import { crashableApp, killPostgres } from './support/crashable-app';
import { deadPid, startOwnCluster, tempFolder } from './support/embedded-cluster';

const WRITERS = 20;

/**
 * kill -9 of PostgreSQL under 20 concurrent writers (the jest variant of the reliability suite's
 * crash scenario): the API answers 503 JSON meanwhile (never 500), readiness fails and liveness does
 * not, the supervisor restarts the server and writes succeed again within 10 s, and every write the
 * API acknowledged (201) is in the database afterwards.
 */
describe('recovery: PostgreSQL killed under concurrent writes', () => {
  const app = crashableApp('huddle-crash-');

  it('answers 503 JSON while it is down, restarts it, recovers within 10 s and loses no acknowledged write', async () => {
    const { t, cluster, events } = app;
    const clinic = await createClinic(t);
    // A listening server (supertest's per-request listen does not take 20 concurrent clients).
    await t.app.listen(0, '127.0.0.1');
    const server = await t.app.getUrl();
    const acknowledged: string[] = [];
    const unexpected: string[] = [];
    let unavailable = 0;
    let firstAfterKill: number | undefined;
    let firstUnavailableAt: number | undefined;
    let stop = false;
    let n = 0;

    const writer = async (w: number): Promise<void> => {
      while (!stop) {
        const mrn = `CRASH-${w}-${n++}`;
        const startedAt = Date.now();
        const res = await request(server).post('/api/patients').set('Authorization', clinic.careManager.auth).send({
          mrn,
          givenName: 'Crash',
          familyName: 'Test',
          birthDate: '1980-01-01',
          preferredLanguage: 'en',
          payer: 'Medicaid',
        });
        if (res.status === 201) {
          acknowledged.push(res.body.id as string);
          // Recovered: a write sent after the outage was seen succeeds.
          if (firstUnavailableAt !== undefined && startedAt > firstUnavailableAt) firstAfterKill ??= Date.now();
        } else if (res.status === 503 && res.body?.code === 'DATABASE_UNAVAILABLE') {
          unavailable++;
          firstUnavailableAt ??= Date.now();
          // A client backs off (the API says Retry-After); 20 writers share this process with the API.
          await new Promise((resolve) => setTimeout(resolve, 250));
        } else {
          unexpected.push(`${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));

    const { pid, killedAt } = killPostgres(cluster);
    const [ready, live] = await Promise.all([
      request(server).get('/api/health/ready'),
      request(server).get('/api/health/live'),
    ]);
    expect(ready.status).toBe(503);
    expect(live.status).toBe(200);

    while (firstAfterKill === undefined && Date.now() - killedAt < 15_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const recoverySeconds = ((firstAfterKill ?? Date.now()) - killedAt) / 1000;
    const ackedAtRecovery = acknowledged.length;
    while (acknowledged.length < ackedAtRecovery + 40) await new Promise((resolve) => setTimeout(resolve, 20));
    stop = true;
    await Promise.all(writers);

    // Shown in the test output: the figures the reliability table reports.
    console.info(
      `PostgreSQL kill -9: ${acknowledged.length} writes acknowledged, 0 lost, ${unavailable} × 503 while down, recovery ${recoverySeconds.toFixed(2)} s; ${events.join('; ')}`,
    );
    expect(unexpected).toEqual([]);
    expect(recoverySeconds).toBeLessThan(10);
    expect(cluster.server.pid()).not.toBe(pid);
    expect(events.some((e) => /PostgreSQL restarted/.test(e))).toBe(true);
    await request(server).get('/api/health/ready').expect(200);
    const found: Array<{ n: number }> = await t.db.query(
      'SELECT count(*)::int AS n FROM patient WHERE id = ANY($1::uuid[])',
      [acknowledged],
    );
    expect(found[0]?.n).toBe(acknowledged.length);
  }, 90_000);
});

describe('recovery: a stale server from a killed API', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  beforeAll(async () => (folder = await tempFolder('huddle-stale-')));
  afterAll(() => folder.remove());

  it('stops the server a killed API left running, then starts; a dead server lock is removed', async () => {
    const dataDir = path.join(folder.dir, 'pg');
    const first = await startOwnCluster(dataDir);
    const orphan = first.server.pid() as number;
    // The API that started it was killed -9: its record names a dead process, its server still runs.
    await writeFile(`${dataDir}.api.pid`, `${await deadPid()}\n`);
    const events: string[] = [];
    const second = await startEmbeddedDatabase({
      dataDir,
      port: first.server.port,
      persistent: true,
      supervise: true,
      onEvent: (m) => events.push(m),
    });
    expect(events).toEqual([`Stale PostgreSQL server (pid ${orphan}) from a previous run: stopped`]);
    expect(() => process.kill(orphan, 0)).toThrow();
    expect(second.pid()).not.toBe(orphan);
    expect(readFileSync(`${dataDir}.api.pid`, 'utf8').trim()).toBe(String(process.pid));
    await second.stop();
    expect(existsSync(`${dataDir}.api.pid`)).toBe(false);

    // A server killed with its API leaves postmaster.pid naming a dead process (possibly reused later).
    const ghost = await deadPid();
    await writeFile(path.join(dataDir, 'postmaster.pid'), `${ghost}\n${dataDir}\n`);
    events.length = 0;
    const third = await startEmbeddedDatabase({
      dataDir,
      port: first.server.port,
      persistent: true,
      supervise: true,
      onEvent: (m) => events.push(m),
    });
    expect(events).toEqual([`Stale PostgreSQL server (pid ${ghost}) from a previous run: removed-lock`]);
    await third.stop();
  }, 90_000);

  it('refuses to start while the API that owns the data folder is still alive', async () => {
    const dataDir = path.join(folder.dir, 'pg');
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      await writeFile(`${dataDir}.api.pid`, `${owner.pid}\n`);
      await expect(startEmbeddedDatabase({ dataDir, port: 1, persistent: true, supervise: true })).rejects.toThrow(
        `in use by another Huddle API (pid ${owner.pid})`,
      );
    } finally {
      owner.kill('SIGKILL');
    }
  });
});
