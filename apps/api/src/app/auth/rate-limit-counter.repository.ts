import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often (at most) one instance deletes counters whose window and block are over. */
const SWEEP_EVERY_MS = 60_000;

interface CounterRow {
  hits: number;
  time_to_expire: number;
  blocked: boolean;
  time_to_block_expire: number;
}

/**
 * `@nestjs/throttler` storage in PostgreSQL (table `rate_limit_counter`, migration 1764000025000), so
 * every API instance counts against one limit (issue #13 item 5). One atomic upsert per throttled
 * request: a fixed window opened by the first hit; the hit that passes the limit blocks the key for
 * `blockDuration`; while blocked, hits are refused without counting; after the window (or the block)
 * ends, the next hit opens a new window — the behaviour of the package's in-memory storage, on the
 * database's clock so that every instance agrees. Keys are stored as SHA-256 hashes.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(PgThrottlerStorage.name);
  private lastSweep = 0;

  constructor(private readonly db: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.sweepNowAndThen();
    const keyHash = createHash('sha256').update(`${throttlerName}\u0000${key}`).digest();
    // $2 ttl ms, $3 limit, $4 block ms. In DO UPDATE every expression sees the row as it was.
    const rows: CounterRow[] = await this.db.query(
      `WITH hit AS (
         INSERT INTO rate_limit_counter AS c (key_hash, hits, window_ends_at, blocked_until)
         VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0),
                 CASE WHEN 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0) END)
         ON CONFLICT (key_hash) DO UPDATE SET
           hits = CASE
             WHEN c.blocked_until > now() THEN c.hits
             WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL THEN 1
             ELSE c.hits + 1 END,
           window_ends_at = CASE
             WHEN c.blocked_until > now() THEN c.window_ends_at
             WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL
               THEN now() + make_interval(secs => $2 / 1000.0)
             ELSE c.window_ends_at END,
           blocked_until = CASE
             WHEN c.blocked_until > now() THEN c.blocked_until
             WHEN (CASE WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL THEN 1 ELSE c.hits + 1 END) > $3
               THEN now() + make_interval(secs => $4 / 1000.0)
             END
         RETURNING hits, window_ends_at, blocked_until)
       SELECT hits,
              ceil(extract(epoch FROM window_ends_at - now()))::int AS time_to_expire,
              coalesce(blocked_until > now(), false) AS blocked,
              coalesce(ceil(extract(epoch FROM blocked_until - now())), 0)::int AS time_to_block_expire
       FROM hit`,
      [keyHash, ttl, limit, blockDuration],
    );
    const row = rows[0];
    if (!row) throw new Error('rate-limit upsert returned no row');
    return {
      // Like the in-memory storage: a refused hit reports one more than the limit.
      totalHits: row.blocked ? Math.max(row.hits, limit + 1) : row.hits,
      timeToExpire: Math.max(row.time_to_expire, 0),
      isBlocked: row.blocked,
      timeToBlockExpire: row.blocked ? Math.max(row.time_to_block_expire, 1) : 0,
    };
  }

  /** Deletes finished counters about once a minute per instance, off the request's path. */
  private sweepNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.db
      .query(
        `DELETE FROM rate_limit_counter
         WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`,
      )
      .catch((error: unknown) =>
        this.logger.warn(`Rate-limit sweep failed: ${error instanceof Error ? error.message : 'unknown error'}`),
      );
  }
}
