import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13 item 5 (several API instances on one PostgreSQL): the rate-limit counters of
 * `@nestjs/throttler` move from each process's memory into PostgreSQL, so every instance counts against
 * the same limit (auth/rate-limit-counter.repository.ts). UNLOGGED: counters of the current minute are not worth
 * a WAL write each request, and after a crash they may start again from zero. Keys are SHA-256 hashes
 * (they would otherwise hold user ids, IP addresses and email addresses).
 */
export class SharedRateLimits1764000025000 implements MigrationInterface {
  name = 'SharedRateLimits1764000025000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_counter (
        key_hash bytea PRIMARY KEY,
        hits integer NOT NULL CHECK (hits >= 0),
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
    await q.query(`CREATE INDEX ix_rate_limit_counter_window ON rate_limit_counter (window_ends_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_counter`);
  }
}
