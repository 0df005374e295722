import { AuditService } from '../src/app/audit/audit.service';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { createTestApp, type TestApp } from './test-app';

/**
 * Migration 1764000036000: a transaction that appends to the audit chain commits without waiting for
 * the disk (so the chain lock is released at once), and is answered only after the WAL is flushed.
 */
describe('audit log: chain lock released before the WAL flush, answers after it', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({}, scratch.url);
  });
  afterAll(async () => {
    await t.close();
    await scratch.drop();
  });

  const flushedUpTo = async (lsn: string): Promise<boolean> =>
    (await t.db.query(`SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS flushed`, [lsn]))[0].flushed;

  it('commits a change asynchronously and returns once what it wrote is on disk', async () => {
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 20; i++) {
      const { lsn, syncCommit } = await t.db.transaction(async (em) => {
        await audit.record({ action: 'test.flush.write', outcome: 'success', resourceId: `w-${i}` }, em);
        // Everything the transaction wrote is before this position; its commit record after it.
        const [row] = await em.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
        return { lsn: row.lsn as string, syncCommit: (await em.query('SHOW synchronous_commit'))[0] };
      });
      // The session default is untouched until COMMIT (the deferred append switches it for the commit).
      expect(syncCommit.synchronous_commit).toBe('on');
      expect(await flushedUpTo(lsn)).toBe(true);
    }
    const rows: unknown[] = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'test.flush.write'`);
    expect(rows).toHaveLength(20);
  });

  it('resolves a group-committed read audit once its batch is on disk', async () => {
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 20; i++) {
      await audit.record({ action: 'test.flush.read', outcome: 'success', resourceId: `r-${i}` });
      // Past the batch's commit record (this test writes nothing else meanwhile).
      const [{ lsn }] = await t.db.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
      expect(await flushedUpTo(lsn)).toBe(true);
    }
  });
});
