import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/app/audit/audit.service';
import { GuardedClient } from '../src/app/database/guarded-pg-client';
import { must } from './builders';
import { openScratchApp, type ScratchApp, type ScratchDatabase } from './scratch-database';
import type { TestApp } from './test-app';

/**
 * Migration 1764000036000: a transaction that appends to the audit chain commits without waiting for
 * the disk (so the chain lock is released at once), and is answered only after the WAL is flushed.
 */
describe('audit log: chain lock released before the WAL flush, answers after it', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  let app: ScratchApp | undefined;

  beforeAll(async () => {
    ({ t, scratch } = app = await openScratchApp());
  });
  afterAll(async () => {
    await app?.close();
  });

  /** What the app pool's connections sent while `spy` watched (the job queue polls on its own connections meanwhile). */
  const poolStatements = (spy: jest.SpiedFunction<Client['query']>): string[] =>
    spy.mock.calls
      .filter((_, i) => spy.mock.contexts[i] instanceof GuardedClient)
      .map(([config]) => (typeof config === 'string' ? config : String((config as { text?: string }).text)));

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

  it("on a connection that is not the pool's, commits the rows synchronously: on disk when the transaction returns", async () => {
    const audit = t.app.get(AuditService);
    // A data source of plain pg clients (not GuardedClient), as a tool outside the app's pool would have.
    const plain = new DataSource({ type: 'postgres', url: scratch.url });
    await plain.initialize();
    try {
      const lsn = await plain.transaction(async (em) => {
        await audit.record({ action: 'test.flush.plain', outcome: 'success', resourceId: 'plain' }, em);
        const [row] = await em.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
        return row.lsn as string;
      });
      expect(await flushedUpTo(lsn)).toBe(true);
    } finally {
      await plain.destroy();
    }
    const rows: unknown[] = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'test.flush.plain'`);
    expect(rows).toHaveLength(1);
  });

  it("sends a change's audit rows and WAL flush in its COMMIT's message, and nothing of a rollback", async () => {
    const audit = t.app.get(AuditService);
    const spy = jest.spyOn(Client.prototype, 'query');
    const sent = (): string[] => poolStatements(spy);
    try {
      await t.db.transaction(async (em) => {
        await audit.record({ action: 'test.flush.message', outcome: 'success', resourceId: 'kept' }, em);
      });
      // One round trip for the whole transaction: its opening, the queued rows, the commit and the flush
      // that must follow it (GuardedClient).
      const messages = sent().filter((text) => /audit_pending|huddle_wal_flush|COMMIT|START TRANSACTION/.test(text));
      expect(messages).toHaveLength(1);
      expect(
        must(messages[0])
          .split('\n;\n')
          .map((statement) => statement.split(' (')[0]),
      ).toEqual(['START TRANSACTION', 'INSERT INTO audit_pending', 'COMMIT', 'SELECT huddle_wal_flush()']);
      spy.mockClear();
      await expect(
        t.db.transaction(async (em) => {
          await audit.record({ action: 'test.flush.message', outcome: 'success', resourceId: 'rolled back' }, em);
          throw new Error('undone');
        }),
      ).rejects.toThrow('undone');
      // Nothing of the rolled-back transaction was sent; the next one on the connection commits bare.
      expect(sent()).toEqual([]);
      await t.db.transaction((em) => em.query('SELECT 1'));
      expect(sent()).toEqual(['START TRANSACTION\n;\nSELECT 1', 'COMMIT']);
    } finally {
      spy.mockRestore();
    }
    const rows: Array<{ resource_id: string }> = await t.db.query(
      `SELECT resource_id FROM audit_log WHERE action = 'test.flush.message'`,
    );
    expect(rows.map((r) => r.resource_id)).toEqual(['kept']);
  });

  it('inside a savepoint inserts the rows at once (its rollback takes them) and still flushes in the COMMIT message', async () => {
    const audit = t.app.get(AuditService);
    const spy = jest.spyOn(Client.prototype, 'query');
    const sent = (): string[] => poolStatements(spy);
    try {
      // A transaction that sends nothing commits nothing.
      await t.db.transaction(() => Promise.resolve());
      expect(sent()).toEqual([]);
      await t.db.transaction(async (outer) => {
        await outer.transaction(async (em) => {
          await audit.record({ action: 'test.flush.savepoint', outcome: 'success', resourceId: 'kept' }, em);
        });
        await outer
          .transaction(async (em) => {
            await audit.record({ action: 'test.flush.savepoint', outcome: 'success', resourceId: 'undone' }, em);
            throw new Error('savepoint undone');
          })
          .catch(() => undefined);
      });
      const last = must(sent().at(-1)).split('\n;\n');
      expect(last).toEqual(['COMMIT', 'SELECT huddle_wal_flush()']);
      expect(sent().filter((text) => text.startsWith('INSERT INTO audit_pending'))).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
    const rows: Array<{ resource_id: string }> = await t.db.query(
      `SELECT resource_id FROM audit_log WHERE action = 'test.flush.savepoint'`,
    );
    expect(rows.map((r) => r.resource_id)).toEqual(['kept']);
  });

  it('resolves a group-committed read audit once its batch is on disk', async () => {
    const audit = t.app.get(AuditService);
    // The batch's own commit record, found in the WAL (pg_walinspect, as the owner): the current insert
    // position is no bound, since background writers (the bgwriter's standby snapshots, autovacuum)
    // append WAL that nobody flushes at once.
    const owner = new Client({ connectionString: scratch.ownerUrl });
    await owner.connect();
    try {
      await owner.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
      for (let i = 0; i < 20; i++) {
        const [{ before }] = await t.db.query(`SELECT pg_current_wal_insert_lsn()::text AS before`);
        await audit.record({ action: 'test.flush.read', outcome: 'success', resourceId: `r-${i}` });
        const [{ flushed }] = await t.db.query(`SELECT pg_current_wal_flush_lsn()::text AS flushed`);
        const [{ xid }] = await t.db.query(
          `SELECT xmin::text AS xid FROM audit_log WHERE action = 'test.flush.read' AND resource_id = $1`,
          [`r-${i}`],
        );
        const { rows } = await owner.query(
          `SELECT max(end_lsn)::text AS commit_end, $3::pg_lsn >= max(end_lsn) AS flushed
           FROM pg_get_wal_records_info($1::pg_lsn, pg_current_wal_insert_lsn())
           WHERE resource_manager = 'Transaction' AND record_type LIKE 'COMMIT%' AND xid = $2::xid`,
          [before, xid, flushed],
        );
        must(rows[0]?.commit_end as string | null | undefined, 'the batch commit record');
        expect(rows[0].flushed).toBe(true);
      }
    } finally {
      await owner.end();
    }
  });
});
