import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from './update-returning';

/** Failed attempts of one (account, client) pair before each wait starts doubling. */
export const FREE_FAILURES = 2;
/** Longest wait between two attempts of one pair (before the lock). */
export const MAX_BACKOFF_SECONDS = 60;

/** Wait after the `failures`-th consecutive failure of a pair: 0, 0, 1 s, 2 s, 4 s, … up to {@link MAX_BACKOFF_SECONDS}. */
export const backoffSeconds = (failures: number): number =>
  failures <= FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES - 1), MAX_BACKOFF_SECONDS);

/** State of one (account, client) pair. */
export interface PairState {
  lockedUntil: Date | null;
  nextAttemptAt: Date | null;
}

/** The client half of the pair: a hash of its IP (the table never holds addresses). */
export const clientKey = (ip: string | null): string =>
  createHash('sha256')
    .update(ip ?? 'unknown')
    .digest('base64url');

/**
 * Failed password sign-ins per (account, client) (issue #14 item 8; migration 1764000016000): back-off
 * between attempts, then a lock of that pair only. Another client signs in to the same account as usual.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async state(staffId: string, client: string): Promise<PairState> {
    const rows: Array<{ locked_until: Date | null; next_attempt_at: Date | null }> = await this.db.query(
      'SELECT locked_until, next_attempt_at FROM login_throttle WHERE staff_id = $1 AND client_key = $2',
      [staffId, client],
    );
    return { lockedUntil: rows[0]?.locked_until ?? null, nextAttemptAt: rows[0]?.next_attempt_at ?? null };
  }

  /**
   * Counts one failure of the pair, atomically: sets the back-off, and the failure that reaches
   * `maxFailures` locks the pair until `lockUntil` and restarts the count.
   * @returns the lock end if this failure locked the pair, else null
   */
  async recordFailure(
    staffId: string,
    client: string,
    now: Date,
    maxFailures: number,
    lockUntil: Date,
  ): Promise<Date | null> {
    const rows = await updateReturning<{ failures: number; locked_until: Date | null }>(
      this.db,
      `INSERT INTO login_throttle AS t (staff_id, client_key, failures, next_attempt_at, locked_until, updated_at)
       VALUES ($1, $2, 1, NULL, NULL, $3)
       ON CONFLICT (staff_id, client_key) DO UPDATE SET
         failures = CASE WHEN t.failures + 1 >= $4 THEN 0 ELSE t.failures + 1 END,
         locked_until = CASE WHEN t.failures + 1 >= $4 THEN $5 ELSE t.locked_until END,
         updated_at = $3
       RETURNING failures, locked_until`,
      [staffId, client, now, maxFailures, lockUntil],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.locked_until && row.locked_until.getTime() === lockUntil.getTime()) return lockUntil;
    const wait = backoffSeconds(row.failures);
    await this.db.query('UPDATE login_throttle SET next_attempt_at = $3 WHERE staff_id = $1 AND client_key = $2', [
      staffId,
      client,
      wait > 0 ? new Date(now.getTime() + wait * 1000) : null,
    ]);
    return null;
  }

  /** A successful sign-in clears the pair (and pairs idle for a day are swept). */
  async clear(staffId: string, client: string, now: Date, em: EntityManager): Promise<void> {
    await em.query('DELETE FROM login_throttle WHERE (staff_id = $1 AND client_key = $2) OR updated_at < $3', [
      staffId,
      client,
      new Date(now.getTime() - 86_400_000),
    ]);
  }
}
