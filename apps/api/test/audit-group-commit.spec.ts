import { Client } from 'pg';
import { AuditService, type AuditEntry } from '../src/app/audit/audit.service';
import { verifyAuditChain } from '../src/app/audit/audit-chain';
import { openScratchApp, type ScratchApp, type ScratchDatabase } from './scratch-database';
import type { TestApp } from './test-app';

/** `record()` without a transaction group-commits concurrent appends; the chain stays verifiable. */
describe('audit log: group commit of concurrent appends', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  let app: ScratchApp | undefined;

  beforeAll(async () => {
    ({ t, scratch } = app = await openScratchApp());
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Rows waiting in `audit_pending` (the app role may only insert there: read as the owner). */
  const pendingRows = async (): Promise<number> => {
    const owner = new Client({ connectionString: scratch.ownerUrl });
    await owner.connect();
    try {
      return Number((await owner.query(`SELECT count(*) AS n FROM audit_pending`)).rows[0].n);
    } finally {
      await owner.end();
    }
  };

  it('appends every concurrent entry once, in a verifiable chain, in fewer transactions', async () => {
    const audit = t.app.get(AuditService);
    const before = Number((await t.db.query(`SELECT count(*) AS n FROM audit_log`))[0].n);
    const [{ xid: xidBefore }] = await t.db.query(`SELECT txid_current()::text AS xid`);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        audit.record({ action: 'test.concurrent', outcome: 'success', resourceId: `r-${i}`, details: { i } }),
      ),
    );
    const [{ xid: xidAfter }] = await t.db.query(`SELECT txid_current()::text AS xid`);
    const rows: Array<{ resource_id: string }> = await t.db.query(
      `SELECT resource_id FROM audit_log WHERE action = 'test.concurrent' ORDER BY id`,
    );
    expect(rows.map((r) => r.resource_id).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `r-${i}`).sort());
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM audit_log`))[0].n)).toBe(before + 60);
    // Far fewer than 60 write transactions (the first call flushes alone, the rest are batched).
    expect(Number(xidAfter) - Number(xidBefore)).toBeLessThan(30);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(true);
  });

  it('keeps one chain when transactions and group commits append at the same time', async () => {
    const audit = t.app.get(AuditService);
    const before = Number((await t.db.query(`SELECT count(*) AS n FROM audit_log`))[0].n);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? // A change recorded in its own transaction, which goes on after recording.
            t.db.transaction(async (em) => {
              await audit.record({ action: 'test.mixed.write', outcome: 'success', resourceId: `w-${i}` }, em);
              await em.query('SELECT pg_sleep(0.005)');
            })
          : audit.record({ action: 'test.mixed.read', outcome: 'success', resourceId: `r-${i}` }),
      ),
    );
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM audit_log`))[0].n)).toBe(before + 60);
    // A row appended after a stale read of the head would share its prev_hash with another row.
    const forks: unknown[] = await t.db.query(`SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING count(*) > 1`);
    expect(forks).toEqual([]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    // Nothing left queued (migration 1764000036000): every pending row was appended and removed at its commit.
    expect(await pendingRows()).toBe(0);
  });

  it("appends a transaction's entries when it commits, in order, and none of them if one cannot be", async () => {
    const audit = t.app.get(AuditService);
    const count = async (action: string) =>
      Number((await t.db.query(`SELECT count(*) AS n FROM audit_log WHERE action = $1`, [action]))[0].n);
    await t.db.transaction(async (em) => {
      await audit.record({ action: 'test.commit', outcome: 'success', resourceId: 'first' }, em);
      await audit.record({ action: 'test.commit', outcome: 'success', resourceId: 'second' }, em);
      // Not in the chain until the transaction commits.
      expect(await count('test.commit')).toBe(0);
    });
    const rows: Array<{ resource_id: string }> = await t.db.query(
      `SELECT resource_id FROM audit_log WHERE action = 'test.commit' ORDER BY id`,
    );
    expect(rows.map((r) => r.resource_id)).toEqual(['first', 'second']);

    await expect(
      t.db.transaction(async (em) => {
        await audit.record({ action: 'test.atomic', outcome: 'success' }, em);
        await audit.record({ action: 'test.atomic', outcome: 'success', patientId: 'not-a-uuid' }, em);
      }),
    ).rejects.toThrow(/uuid/);
    expect(await count('test.atomic')).toBe(0);
    // The app role may only insert into audit_pending (least privilege): read it as the owner.
    expect(await pendingRows()).toBe(0);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('a failing entry rejects only its own call', async () => {
    const audit = t.app.get(AuditService);
    const good: AuditEntry = { action: 'test.good', outcome: 'success' };
    const bad: AuditEntry = { action: 'test.bad', outcome: 'success', patientId: 'not-a-uuid' };
    const results = await Promise.allSettled([
      audit.record(good),
      audit.record(good),
      audit.record(bad),
      audit.record(good),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'test.good'`))[0].n)).toBe(3);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
