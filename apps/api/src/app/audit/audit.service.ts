import { createHash } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditOutcome } from '@huddle/shared-types';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../auth/clock';
import { appendAuditRows, FLUSH_WAL, flushWal, queueAuditRows, queueAuditRowsStatement } from './audit-log.repository';
import { GuardedClient } from '../database/guarded-pg-client';
import { outsideRequest, timed } from '../common/server-timing';
import { collectReadAudit } from './composite-read';
import { AUDIT_FLUSH_CONNECTIONS, ReservedConnection, WalFlusher } from './audit-connection';

export type { AuditOutcome };

/** One audited event: who did what to which patient/resource, from where, with what outcome. */
export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  actor?: Pick<AuthUser, 'id' | 'role' | 'clinicId'> | null;
  clinicId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  patientId?: string | null;
  ip?: string | null;
  /** Never PHI: ids, codes, counts, field names only. */
  details?: Record<string, unknown>;
  /**
   * The patients a list read showed, in order. Stored once per distinct list (`audit_patient_list`)
   * and referenced from the row as `details.patientList: { sha256, count }`.
   */
  patientIds?: readonly string[];
}

/** SHA-256 of a patient list as stored in `audit_patient_list` (lower-case ids, JSON, in order). */
export function patientListHash(ids: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(ids)).digest('hex');
}

/** Beyond this many, the hashes of lists known to be stored are forgotten (they are then re-inserted idempotently). */
const STORED_LISTS_KEPT = 10_000;

/** Most entries group-committed in one transaction. */
const MAX_BATCH = 200;

interface PendingAppend {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Append-only, hash-chained audit log. Each row's hash covers its content and the previous row's hash,
 * so any edit or deletion breaks the chain (`verifyAuditChain`). Write it inside the transaction of the
 * change it records (pass that transaction's EntityManager), so both commit or neither does.
 *
 * Throughput: appends are serialised by a lock held until the appending transaction ends. A change's
 * rows are appended while its transaction commits (`audit_pending`), so the lock is held for the commit
 * only, however long the transaction. Events that change nothing (reads, exports, sign-in failures)
 * call `record()` without `em`: they are group-committed — concurrent calls of this process are queued
 * and appended in order by one statement that commits on its own (`audit_append`: the lock, the chain
 * head and the rows in one round trip), and each call resolves once its row is committed. Under load the
 * lock is taken once per batch instead of once per read, so reads no longer queue on it one by one.
 *
 * Durability without holding the lock across the disk (migration 1764000036000): a transaction that
 * appends to the chain commits without waiting for its WAL flush, so the next appender gets the lock
 * at once; the WAL is flushed (`huddle_wal_flush`) right after the commit — for a change, in the COMMIT's
 * own message (`GuardedClient.sendWithCommit`), so before `db.transaction()` returns; for a batch, before
 * its callers resolve.
 * So nothing is answered before it is on disk, and the chain stays gap-free through a crash.
 *
 * Pipelined batches (ADR 0006, amendment of session 8): the next batch is appended as soon as the
 * previous one has committed, while the previous one's WAL flush is still in flight; flushes are shared
 * (`WalFlusher`: a few in flight, joined by PostgreSQL's own group commit; the batches committed while
 * all are busy share the next). Appends stay one at a time, in `record()` order, and a batch's callers
 * resolve only after a flush that began after its commit. Both run on connections the batcher keeps (`ReservedConnection`), so a read's audit never
 * queues for a pool connection behind the requests it audits.
 */
@Injectable()
export class AuditService implements OnModuleDestroy {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Before the pool closes: the batches in flight finish, then the kept connections go back. */
  async onModuleDestroy(): Promise<void> {
    await this.draining;
    await Promise.all([this.appendConnection, ...this.flushConnections].map((connection) => connection.release()));
  }

  private pending: PendingAppend[] = [];
  /** The batcher's loop (one at a time per process), and whether it is running. */
  private draining: Promise<void> | null = null;
  private drainRunning = false;
  private readonly pool = (): Pool => (this.db.driver as unknown as { master: Pool }).master;
  private readonly appendConnection = new ReservedConnection(this.pool);
  private readonly flushConnections = Array.from(
    { length: AUDIT_FLUSH_CONNECTIONS },
    () => new ReservedConnection(this.pool),
  );
  private readonly walFlusher = new WalFlusher(this.flushConnections, (connection) => flushWal(connection));
  /** Patient lists this process has seen committed to `audit_patient_list`. */
  private readonly storedLists = new Set<string>();
  /** Hashed lists by array: a cached page passes the same array on every read. */
  private readonly hashedLists = new WeakMap<readonly string[], { sha256: string; ids: string[] }>();

  /**
   * Appends one event; inside `em`'s transaction when given, else group-committed with the other
   * `record()` calls in flight (resolves when committed, rejects if that batch fails).
   */
  record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    return timed('audit', () => this.append(entry, em));
  }

  private async append(entry: AuditEntry, em?: EntityManager): Promise<void> {
    // A part of a composite read (the patient page): audited once, by the composite read.
    if (collectReadAudit(entry)) return;
    if (em) {
      // Queued in the transaction; appended to the chain when it commits (migration 1764000010000), so
      // the chain lock is not held while the transaction goes on.
      const { rows, lists } = this.prepare([entry]);
      const runner = em.queryRunner;
      const client = (runner as { databaseConnection?: unknown } | undefined)?.databaseConnection;
      // A pool connection sends the WAL flush in the COMMIT's own message, and the rows too unless inside a
      // savepoint (whose rollback must take them with it): no round trips of their own.
      if (runner?.isTransactionActive && client instanceof GuardedClient) {
        if (transactionDepth(runner) === 1) client.sendWithCommit(queueAuditRowsStatement(rows, lists), 'before');
        else await queueAuditRows(em, rows, lists);
        client.sendWithCommit(FLUSH_WAL, 'after');
        return;
      }
      // A connection that cannot carry the flush in its COMMIT's message (none of the app's pool): the rows
      // commit with the transaction, which then waits for the disk itself, as the bulk loader's do.
      if (runner?.isTransactionActive) {
        await queueAuditRows(em, rows, lists, false);
        return;
      }
      // Not in a transaction: the INSERT committed on its own (without waiting for the disk).
      await queueAuditRows(em, rows, lists);
      await flushWal(this.db);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (!this.drainRunning) {
        this.drainRunning = true;
        // Shared by the requests whose rows it appends: its statements are counted for none of them.
        this.draining = outsideRequest(() => this.drain());
      }
    });
  }

  /**
   * Records that `actor` did `action` successfully, from their address: {@link record} for the
   * common case.
   */
  success(
    actor: Pick<AuthUser, 'id' | 'role' | 'clinicId'> & { ip?: string | null },
    action: string,
    target: Pick<AuditEntry, 'resourceType' | 'resourceId' | 'patientId' | 'details' | 'patientIds'>,
    em?: EntityManager,
  ): Promise<void> {
    return this.record({ action, outcome: 'success', actor, ip: actor.ip ?? null, ...target }, em);
  }

  /**
   * Appends the queued entries, a batch per statement, until the queue is empty. A batch's callers
   * resolve once a WAL flush begun after its commit returns; the next batch does not wait for that flush.
   */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.appendBatch(this.pending.splice(0, MAX_BATCH));
    } finally {
      // In the same turn as the loop's last look at the queue: a `record()` after it starts a new loop.
      this.drainRunning = false;
    }
  }

  /** Appends one batch; its callers resolve after the next shared WAL flush (not awaited here). */
  private async appendBatch(batch: PendingAppend[]): Promise<void> {
    let committed = batch;
    const lists: string[] = [];
    try {
      lists.push(...(await this.commitBatch(batch.map((item) => item.entry))));
    } catch (error) {
      committed = [];
      if (batch.length === 1) batch[0]?.reject(error);
      // One bad entry must not fail the others: append them one by one.
      else
        for (const item of batch) {
          try {
            lists.push(...(await this.commitBatch([item.entry])));
            committed.push(item);
          } catch (itemError) {
            item.reject(itemError);
          }
        }
    }
    if (committed.length === 0) return;
    this.walFlusher.flushed().then(
      () => {
        // Known stored once on disk: a list lost with an unflushed batch is sent again by the next.
        if (this.storedLists.size + lists.length > STORED_LISTS_KEPT) this.storedLists.clear();
        for (const sha256 of lists) this.storedLists.add(sha256);
        committed.forEach((item) => item.resolve());
      },
      (error: unknown) => committed.forEach((item) => item.reject(error)),
    );
  }

  /**
   * The rows of `entries` as `audit_append` takes them (columns plus the canonical JSON to hash), and the
   * patient lists they reference that this process has not seen stored yet.
   */
  private prepare(entries: AuditEntry[]): { rows: string; lists: string; listHashes: string[] } {
    const lists: Array<{ sha256: string; patient_ids: string[] }> = [];
    const rows = entries.map((entry) => {
      let details = entry.details ?? {};
      if (entry.patientIds) {
        const { sha256, ids } = this.hashedList(entry.patientIds);
        if (!this.storedLists.has(sha256) && !lists.some((list) => list.sha256 === sha256)) {
          lists.push({ sha256, patient_ids: ids });
        }
        details = { ...details, patientList: { sha256, count: ids.length } };
      }
      const row = this.hashedRow(entry, JSON.stringify(details));
      return { ...row, canonical: canonicalJson(row) };
    });
    return { rows: JSON.stringify(rows), lists: JSON.stringify(lists), listHashes: lists.map((list) => list.sha256) };
  }

  private hashedList(patientIds: readonly string[]): { sha256: string; ids: string[] } {
    let list = this.hashedLists.get(patientIds);
    if (!list) {
      const ids = patientIds.map((id) => id.toLowerCase());
      list = { sha256: patientListHash(ids), ids };
      this.hashedLists.set(patientIds, list);
    }
    return list;
  }

  /**
   * A group-commit batch: one `audit_append` statement (migration 1764000009000), committed on its own
   * without waiting for the disk — the patient lists, the chain lock, the head, the hashed rows.
   * Resolves with the hashes of the patient lists it stored.
   */
  private async commitBatch(entries: AuditEntry[]): Promise<string[]> {
    const { rows, lists, listHashes } = this.prepare(entries);
    await appendAuditRows(this.appendConnection, rows, lists);
    return listHashes;
  }

  private hashedRow(entry: AuditEntry, detailsJson: string): AuditHashedRow {
    // Hash exactly what PostgreSQL will give back (lower-case uuids, JSON-round-tripped details), so
    // `verifyAuditChain` recomputes the same hash from the stored row.
    return {
      occurredAt: this.clock.now().toISOString(),
      actorId: uuidOrNull(entry.actor?.id),
      actorRole: entry.actor?.role ?? null,
      clinicId: uuidOrNull(entry.clinicId ?? entry.actor?.clinicId),
      action: entry.action,
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId ?? null,
      patientId: uuidOrNull(entry.patientId),
      outcome: entry.outcome,
      ip: entry.ip ?? null,
      details: JSON.parse(detailsJson) as Record<string, unknown>,
    };
  }
}

/** The audited content of a row, as hashed (everything except `id`, `prev_hash` and `hash`). */
export interface AuditHashedRow {
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  clinicId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  details: Record<string, unknown>;
}

/** How deep `runner`'s transaction is: 1 outside savepoints (TypeORM keeps it, unexported). */
const transactionDepth = (runner: object): number => (runner as { transactionDepth?: number }).transactionDepth ?? 0;

const uuidOrNull = (value: string | null | undefined): string | null => (value ? value.toLowerCase() : null);

/** Hash of one audit row: SHA-256 over the previous hash and the row's canonical JSON. */
export function auditHash(prevHash: string | null, row: AuditHashedRow): string {
  return createHash('sha256')
    .update(prevHash ?? 'genesis')
    .update('\n')
    .update(canonicalJson(row))
    .digest('hex');
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    // Lists of ids (the patients a read showed) are most of an audit row: no keys to sort there.
    if (value.every((item) => item === null || typeof item !== 'object')) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
