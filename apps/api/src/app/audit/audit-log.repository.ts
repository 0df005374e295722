import { escapeLiteral } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditLogRow } from './audit-log.row';

/**
 * The SQL of the audit log (issue #12: SQL only in repositories). Plain functions over a data source,
 * since the verifier and the checkpoint writer also run from the command line (`audit:verify`).
 */

/**
 * Queues rows in `em`'s transaction; appended to the chain when it commits (migration 1764000010000).
 * With `flushAfter` that commit does not wait for the disk (migration 1764000036000): the caller must
 * call {@link flushWal} after it before answering. Without, it commits synchronously.
 */
export async function queueAuditRows(em: EntityManager, rows: string, lists: string, flushAfter = true): Promise<void> {
  await em.query(queueAuditRowsStatement(rows, lists, flushAfter));
}

/**
 * The statement of {@link queueAuditRows}, its values written in: it also travels in a message of several
 * (GuardedClient `sendWithCommit`: the rows go in the COMMIT's own message).
 */
export function queueAuditRowsStatement(rows: string, lists: string, flushAfter = true): string {
  return `INSERT INTO audit_pending (entries, lists, flush_after) VALUES (${escapeLiteral(rows)}::jsonb, ${escapeLiteral(lists)}::jsonb, ${flushAfter})`;
}

/** A connection the audit batcher keeps for itself (see `ReservedConnection` in audit.service.ts). */
export interface AuditConnection {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * One group-commit batch: a single `audit_append` statement (migration 1764000009000) that commits
 * without waiting for the disk, so the chain lock is not held across the flush. The caller answers
 * nobody before {@link flushWal} (migration 1764000036000), which any number of batches and writes share,
 * has returned after it.
 */
export async function appendAuditRows(connection: AuditConnection, rows: unknown, lists: unknown): Promise<void> {
  await connection.query("SELECT set_config('synchronous_commit', 'off', true), audit_append($1::jsonb, $2::jsonb)", [
    rows,
    lists,
  ]);
}

/** The WAL flush: every commit that returned before it is on disk when it returns. */
export const FLUSH_WAL = 'SELECT huddle_wal_flush()';

/** Flushes the WAL up to now: every commit that returned before the call is on disk when it resolves. */
export async function flushWal(db: Pick<AuditConnection, 'query'>): Promise<void> {
  await db.query(FLUSH_WAL);
}

/** Up to `limit` rows of the log after id `afterId`, in id order. */
export function auditLogPage(db: DataSource, afterId: string, limit: number): Promise<AuditLogRow[]> {
  return db.query(
    `SELECT id, occurred_at, actor_id, actor_role, clinic_id, action, resource_type, resource_id, patient_id,
            outcome, ip, details, prev_hash, hash
     FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
}

/** The stored patient lists with these hashes. */
export function patientListsByHash(
  db: DataSource,
  hashes: string[],
): Promise<Array<{ sha256: string; patient_ids: string[] }>> {
  return db.query('SELECT sha256, patient_ids FROM audit_patient_list WHERE sha256 = ANY($1::text[])', [hashes]);
}

/** The database's identity (cluster system identifier / database name). */
export async function databaseIdentity(db: DataSource): Promise<string> {
  const rows: Array<{ identity: string }> = await db.query('SELECT huddle_database_identity() AS identity');
  return rows[0]?.identity ?? '';
}

/** The audit chain head now, or null when the log is empty. */
export async function auditHead(db: DataSource): Promise<{ id: string; hash: string } | null> {
  const rows: Array<{ id: string; hash: string }> = await db.query(
    'SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
  );
  return rows[0] ?? null;
}

/** The stored hash of row `id`, or null when there is no such row. */
export async function auditHashOf(db: DataSource, id: string): Promise<string | null> {
  const rows: Array<{ hash: string }> = await db.query('SELECT hash FROM audit_log WHERE id = $1', [id]);
  return rows[0]?.hash ?? null;
}
