import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change's audit rows join the hash chain when its transaction commits, not before.
 *
 * Appending takes the chain lock until the transaction ends. Appended from the API in the middle of a
 * write transaction, the lock was held while the result travelled back to the API and the API sent
 * COMMIT — a turn of a busy event loop, some milliseconds — and every write in the system queued
 * behind it (assessment writes: 157 req/s against 395 for the bare INSERT, docs/adr/0005-read-caches.md).
 *
 * Now the API inserts the entries into `audit_pending`; a deferred constraint trigger appends them with
 * `audit_append` while PostgreSQL commits the transaction, and removes the pending row. The lock is
 * held for the append and the commit only. If the append fails, the COMMIT fails: the change and its
 * audit rows still commit together or not at all. `audit_pending` is empty outside transactions.
 */
export class AuditAtCommit1764000010000 implements MigrationInterface {
  name = 'AuditAtCommit1764000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_pending (
        id bigserial PRIMARY KEY,
        entries jsonb NOT NULL,
        lists jsonb NOT NULL DEFAULT '[]'::jsonb
      )`);
    await q.query(`
      CREATE FUNCTION audit_pending_append() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM audit_append(NEW.entries, NEW.lists);
        DELETE FROM audit_pending WHERE id = NEW.id;
        RETURN NULL;
      END
      $fn$`);
    // Deferred triggers fire at COMMIT in the order their rows were inserted: the chain keeps the order
    // in which the transaction recorded its events.
    await q.query(`
      CREATE CONSTRAINT TRIGGER tr_audit_pending_append AFTER INSERT ON audit_pending
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_pending_append()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_pending`);
    await q.query(`DROP FUNCTION IF EXISTS audit_pending_append()`);
  }
}
