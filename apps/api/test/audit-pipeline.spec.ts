import { Client } from 'pg';
import { AuditService } from '../src/app/audit/audit.service';
import { verifyAuditChain } from '../src/app/audit/audit-chain';
import { openScratchApp, type ScratchApp, type ScratchDatabase } from './scratch-database';
import { crashableApp, killPostgres } from './support/crashable-app';
import { createTestApp, type TestApp } from './test-app';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `huddle_wal_flush()` as migration 1764000036000 defines it, optionally slowed down first. */
const walFlushFunction = (delaySeconds: number): string => `
  CREATE OR REPLACE FUNCTION huddle_wal_flush() RETURNS pg_lsn
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    ${delaySeconds > 0 ? `SELECT pg_sleep(${delaySeconds});` : ''}
    SELECT pg_logical_emit_message(false, 'huddle.wal_flush', '', true)
  $fn$`;

async function asOwner<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The resource ids of `action`'s rows, in chain order. */
async function chainOrder(t: TestApp, action: string): Promise<string[]> {
  const rows: Array<{ resource_id: string }> = await t.db.query(
    'SELECT resource_id FROM audit_log WHERE action = $1 ORDER BY id',
    [action],
  );
  return rows.map((row) => row.resource_id);
}

/**
 * ADR 0006, amendment of session 8: group-committed read audits are pipelined — the next batch is
 * appended while the previous batch's WAL flush is in flight — and still resolve only after a flush
 * that followed their commit, in `record()` order, in one chain with other processes' appends.
 */
describe('audit log: pipelined group commit', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  let app: ScratchApp | undefined;

  beforeAll(async () => {
    ({ t, scratch } = app = await openScratchApp());
  });
  afterAll(async () => {
    await app?.close();
  });

  it("appends the next batch during the previous batch's flush, and answers each batch only after a flush", async () => {
    const audit = t.app.get(AuditService);
    await audit.record({ action: 'test.pipe.warm', outcome: 'success' });
    await asOwner(scratch.ownerUrl, (owner) => owner.query(walFlushFunction(4)));
    try {
      let firstDone = false;
      const first = audit.record({ action: 'test.pipe.slow', outcome: 'success', resourceId: 'first' }).then(() => {
        firstDone = true;
      });
      // The first batch is committed (visible) but its flush is sleeping (4 s: a loaded machine polls slowly).
      for (let i = 0; i < 150 && (await chainOrder(t, 'test.pipe.slow')).length === 0; i++) await sleep(20);
      expect(await chainOrder(t, 'test.pipe.slow')).toEqual(['first']);
      let secondDone = false;
      const second = audit.record({ action: 'test.pipe.slow', outcome: 'success', resourceId: 'second' }).then(() => {
        secondDone = true;
      });
      // The second batch commits without waiting for the first one's flush…
      for (let i = 0; i < 150 && (await chainOrder(t, 'test.pipe.slow')).length < 2; i++) await sleep(20);
      expect(await chainOrder(t, 'test.pipe.slow')).toEqual(['first', 'second']);
      // …and neither caller has been answered: their flushes have not returned.
      expect(firstDone).toBe(false);
      expect(secondDone).toBe(false);
      await first;
      // The second batch committed during the first flush: it waits for a flush of its own.
      expect(secondDone).toBe(false);
      await second;
    } finally {
      await asOwner(scratch.ownerUrl, (owner) => owner.query(walFlushFunction(0)));
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  }, 60_000);

  it('keeps the order of record() calls across many pipelined batches', async () => {
    const audit = t.app.get(AuditService);
    const ids = Array.from({ length: 300 }, (_, i) => `o-${i}`);
    const calls: Array<Promise<void>> = [];
    for (const [i, id] of ids.entries()) {
      calls.push(audit.record({ action: 'test.pipe.order', outcome: 'success', resourceId: id }));
      // Let batches go out in between, so that many batches and flushes overlap.
      if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(calls);
    expect(await chainOrder(t, 'test.pipe.order')).toEqual(ids);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('keeps one valid chain when two API instances append reads and changes together, each in its own order', async () => {
    const other = await createTestApp({}, scratch.url);
    try {
      const instances = [t, other].map((app, n) => ({ n, audit: app.app.get(AuditService), db: app.db }));
      const before = Number((await t.db.query('SELECT count(*) AS n FROM audit_log'))[0].n);
      const work: Array<Promise<void>> = [];
      const issued: string[][] = [[], []];
      for (let i = 0; i < 120; i++) {
        for (const { n, audit, db } of instances) {
          if (i % 4 === 3) {
            work.push(
              db.transaction((em) =>
                audit.record({ action: 'test.pipe.two.write', outcome: 'success', resourceId: `${n}-${i}` }, em),
              ),
            );
          } else {
            issued[n]?.push(`${n}-${i}`);
            work.push(audit.record({ action: `test.pipe.two.read.${n}`, outcome: 'success', resourceId: `${n}-${i}` }));
          }
        }
        if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(work);
      expect(Number((await t.db.query('SELECT count(*) AS n FROM audit_log'))[0].n)).toBe(before + 240);
      const forks: unknown[] = await t.db.query(
        'SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING count(*) > 1',
      );
      expect(forks).toEqual([]);
      expect(await chainOrder(t, 'test.pipe.two.read.0')).toEqual(issued[0]);
      expect(await chainOrder(t, 'test.pipe.two.read.1')).toEqual(issued[1]);
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    } finally {
      await other.close();
    }
  }, 60_000);
});

/**
 * kill -9 of PostgreSQL while reads are audited: every read audit that resolved (the read would have
 * been answered) is in the chain after recovery, and the chain verifies. A batch commits
 * asynchronously, so its commit record may still be in PostgreSQL's WAL buffers — shared memory, lost
 * with the process — until the flush returns: answering before it would fail this test.
 */
describe('audit log: an answered read is in the chain after a crash', () => {
  const app = crashableApp('huddle-audit-crash-');

  it('loses no acknowledged read audit and keeps the chain verifiable', async () => {
    const { t, cluster } = app;
    const audit = t.app.get(AuditService);
    const acknowledged: string[] = [];
    let failed = 0;
    let stop = false;
    let n = 0;
    const reader = async (r: number): Promise<void> => {
      while (!stop) {
        const id = `crash-${r}-${n++}`;
        try {
          await audit.record({ action: 'test.crash.read', outcome: 'success', resourceId: id });
          acknowledged.push(id);
        } catch {
          failed++;
          await sleep(100);
        }
      }
    };
    const readers = Array.from({ length: 16 }, (_, r) => reader(r));
    while (acknowledged.length < 300) await sleep(5);
    const { pid, killedAt } = killPostgres(cluster);
    const ackedAtKill = acknowledged.length;
    // Recovered: the supervisor restarted PostgreSQL and read audits resolve again.
    while (acknowledged.length < ackedAtKill + 300 && Date.now() - killedAt < 30_000) await sleep(20);
    stop = true;
    await Promise.all(readers);
    expect(cluster.server.pid()).not.toBe(pid);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ackedAtKill + 300);
    expect(failed).toBeGreaterThan(0);
    const stored: Array<{ n: number }> = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.crash.read' AND resource_id = ANY($1::text[])`,
      [acknowledged],
    );
    expect(stored[0]?.n).toBe(acknowledged.length);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  }, 90_000);
});
