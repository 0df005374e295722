import type { Pool, PoolClient } from 'pg';
import type { AuditConnection } from './audit-log.repository';

/** WAL flushes of group-committed batches in flight at once, each on a connection the batcher keeps. */
export const AUDIT_FLUSH_CONNECTIONS = 3;
/** Pool connections the audit batcher keeps: one for its appends, the rest for its flushes. */
export const AUDIT_KEPT_CONNECTIONS = 1 + AUDIT_FLUSH_CONNECTIONS;

/**
 * A pooled connection kept by the audit batcher between its statements (ADR 0006, amendment of
 * session 8). A read's audit row must not wait for a free pool connection behind the requests it is
 * auditing: under load every connection of the pool is busy with them, and the batch queued for one
 * (bench/results/s8-a-audit-wait.md: append round trip p50 560 ms at capacity, of which 45–115 ms in
 * PostgreSQL). Taken from the pool on first use; dropped when it fails or PostgreSQL ends it (a
 * restart), and taken again by the next statement.
 */
export class ReservedConnection implements AuditConnection {
  private client: Promise<PoolClient> | null = null;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly listeners = new WeakMap<PoolClient, (error?: Error) => void>();

  constructor(private readonly pool: () => Pool) {}

  /** One statement on this connection; statements run one after another, in call order. */
  query(sql: string, params?: unknown[]): Promise<unknown> {
    const result = this.busy.then(() => this.run(sql, params));
    this.busy = result.catch(() => undefined);
    return result;
  }

  /** Returns the connection to the pool once the statements sent have finished. */
  async release(): Promise<void> {
    await this.busy;
    const pending = this.client;
    this.client = null;
    const client = pending ? await pending.catch(() => null) : null;
    if (client) {
      this.unlisten(client);
      client.release();
    }
  }

  private async run(sql: string, params?: unknown[]): Promise<unknown> {
    const pending = (this.client ??= this.connect());
    let client: PoolClient;
    try {
      client = await pending;
    } catch (error) {
      if (this.client === pending) this.client = null;
      throw error;
    }
    try {
      return (await client.query(sql, params)).rows;
    } catch (error) {
      // A failed statement committed nothing (each runs on its own); the connection may be broken, so
      // it is not reused — the next statement takes a fresh one.
      this.drop(pending, client, error);
      throw error;
    }
  }

  private connect(): Promise<PoolClient> {
    const pending: Promise<PoolClient> = this.pool()
      .connect()
      .then((client) => {
        // PostgreSQL ended the connection (a restart) while it was idle here: take a new one next time.
        const gone = (error?: Error): void => this.drop(pending, client, error ?? new Error('connection ended'));
        this.listeners.set(client, gone);
        client.on('error', gone);
        client.on('end', gone);
        return client;
      });
    return pending;
  }

  private unlisten(client: PoolClient): void {
    const gone = this.listeners.get(client);
    if (!gone) return;
    this.listeners.delete(client);
    client.removeListener('error', gone);
    client.removeListener('end', gone);
  }

  private drop(pending: Promise<PoolClient>, client: PoolClient, error: unknown): void {
    if (this.client !== pending) return;
    this.client = null;
    this.unlisten(client);
    // With an error, the pool destroys the connection instead of reusing it.
    client.release(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * WAL flushes, shared (group commit): `flushed()` resolves once a `huddle_wal_flush()` that started after
 * the call has returned, so everything committed before the call is on disk. Up to one flush per kept
 * connection is in flight — PostgreSQL lets one of them write and sync while the others wait for the WAL
 * lock, then finds their records already flushed (its own group commit) — and calls made while every
 * connection is busy share the next flush to start, however many they are.
 */
export class WalFlusher {
  private readonly idle: ReservedConnection[];
  private next: Promise<void> | null = null;
  private startNext: ((connection: ReservedConnection) => void) | null = null;

  constructor(
    connections: ReservedConnection[],
    private readonly flush: (connection: ReservedConnection) => Promise<void>,
  ) {
    this.idle = [...connections];
  }

  flushed(): Promise<void> {
    const connection = this.idle.pop();
    if (connection) return this.run(connection);
    this.next ??= new Promise<void>((resolve, reject) => {
      this.startNext = (free) => {
        this.next = null;
        this.startNext = null;
        this.run(free).then(resolve, reject);
      };
    });
    return this.next;
  }

  private run(connection: ReservedConnection): Promise<void> {
    const done = this.flush(connection);
    const free = (): void => {
      if (this.startNext) this.startNext(connection);
      else this.idle.push(connection);
    };
    done.then(free, free);
    return done;
  }
}
