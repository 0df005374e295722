import type { MigrationInterface, QueryRunner } from 'typeorm';

const PENDING_APPEND = (asyncCommit: boolean): string => `
  CREATE OR REPLACE FUNCTION audit_pending_append() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  BEGIN
    ${asyncCommit ? "IF NEW.flush_after THEN PERFORM set_config('synchronous_commit', 'off', true); END IF;" : ''}
    PERFORM audit_append(NEW.entries, NEW.lists);
    DELETE FROM audit_pending WHERE id = NEW.id;
    RETURN NULL;
  END
  $fn$`;

/**
 * The audit chain lock is no longer held while a commit waits for the disk (issue #13 item 1,
 * bench/results/s7-e-writes.md).
 *
 * `audit_append` takes the chain lock (advisory 7404211) at COMMIT and keeps it until its transaction
 * ends; with `synchronous_commit = on` a transaction ends after its commit record is flushed to disk.
 * So every audited change and every group-committed batch of read audits waited for its own WAL flush
 * while holding the lock, one after another: the chain allowed one fsync's worth of commits at a time,
 * and PostgreSQL's group commit (one flush for many waiting commits) could never join them.
 *
 * Now a transaction that appends to the chain may commit asynchronously, so the lock is released as
 * soon as its commit record is in the WAL buffers, and the API answers only after `huddle_wal_flush()`
 * has flushed the WAL past that record (AuditService, right after the commit): an acknowledged change
 * and its audit rows are on disk as before, and concurrent flushes share one fsync.
 * - `audit_pending.flush_after`: set by the API when it will call `huddle_wal_flush()` after the
 *   commit; the deferred append then commits the transaction with `synchronous_commit = off`. Other
 *   writers of `audit_pending` (the bulk loader) leave it false and commit synchronously as before.
 * - Group-committed batches (`appendAuditRows`) set `synchronous_commit = off` in their own statement
 *   and call `huddle_wal_flush()` before any waiting read is answered.
 *
 * The chain stays gap-free through a crash: a transaction that read row N as the head got the lock
 * after N's commit record was written, so its own commit record lies later in the WAL, and recovery
 * replays a prefix of the WAL — it never keeps row N+1 without row N. What a crash can lose is what
 * nobody was told was saved (as with PostgreSQL's own asynchronous commit), and with it any row chained
 * after it.
 */
export class AuditLockWithoutFlushWait1764000036000 implements MigrationInterface {
  name = 'AuditLockWithoutFlushWait1764000036000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_pending ADD COLUMN flush_after boolean NOT NULL DEFAULT false`);
    await q.query(PENDING_APPEND(true));
    // Flushes the WAL up to now (a non-transactional logical message with flush, PostgreSQL 17): every
    // commit record written before the call is on disk when it returns. Returns the flushed position.
    await q.query(`
      CREATE FUNCTION huddle_wal_flush() RETURNS pg_lsn
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        SELECT pg_logical_emit_message(false, 'huddle.wal_flush', '', true)
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS huddle_wal_flush()`);
    await q.query(PENDING_APPEND(false));
    await q.query(`ALTER TABLE audit_pending DROP COLUMN flush_after`);
  }
}
