import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PgThrottlerStorage } from '../src/app/auth/rate-limit-counter.repository';
import { must } from './registry-helpers';

const MINUTE_MS = 60_000;

/**
 * The rate-limit storage shared by API instances (table `rate_limit_counter`): the package's in-memory
 * semantics (fixed window, block when the limit is passed, new window after it ends) on one atomic
 * upsert, so concurrent hits from two connection pools (two instances) never exceed the limit.
 */
describe('PgThrottlerStorage (rate limits in PostgreSQL)', () => {
  let one: DataSource;
  let two: DataSource;
  let owner: DataSource;

  beforeAll(async () => {
    const connect = (url: string | undefined) =>
      new DataSource({ type: 'postgres', url, extra: { max: 10 } }).initialize();
    [one, two, owner] = await Promise.all([
      connect(process.env['DATABASE_URL']),
      connect(process.env['DATABASE_URL']),
      connect(process.env['DATABASE_OWNER_URL']),
    ]);
  });
  afterAll(async () => {
    await Promise.all([one?.destroy(), two?.destroy(), owner?.destroy()]);
  });

  const key = (): string => `test:${randomBytes(6).toString('hex')}`;

  it('counts hits in a window, blocks the hit past the limit, and keeps refusing while blocked', async () => {
    const storage = new PgThrottlerStorage(one);
    const k = key();
    const hits = [];
    for (let n = 0; n < 4; n++) hits.push(await storage.increment(k, MINUTE_MS, 3, MINUTE_MS, 'default'));
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(hits[0]?.timeToExpire).toBeGreaterThan(55);
    expect(hits[0]?.timeToExpire).toBeLessThanOrEqual(60);
    expect(hits[3]?.timeToBlockExpire).toBeGreaterThan(55);
    // Another instance sees the same block.
    const elsewhere = await new PgThrottlerStorage(two).increment(k, MINUTE_MS, 3, MINUTE_MS, 'default');
    expect(elsewhere.isBlocked).toBe(true);
    // Another throttler's count under the same key is its own.
    expect((await storage.increment(k, MINUTE_MS, 3, MINUTE_MS, 'login')).totalHits).toBe(1);
  });

  it('starts a new window once the window (or the block) is over', async () => {
    const storage = new PgThrottlerStorage(one);
    const k = key();
    for (let n = 0; n < 3; n++) await storage.increment(k, MINUTE_MS, 2, MINUTE_MS, 'default');
    // The minute passes (moved back in the table rather than waited for).
    await owner.query(
      `UPDATE rate_limit_counter SET window_ends_at = now() - interval '1 second',
         blocked_until = now() - interval '1 second' WHERE key_hash = $1`,
      [createHash('sha256').update(`default\u0000${k}`).digest()],
    );
    const next = await storage.increment(k, MINUTE_MS, 2, MINUTE_MS, 'default');
    expect([next.totalHits, next.isBlocked]).toEqual([1, false]);
  });

  it('never lets more than the limit through when two instances count the same key concurrently', async () => {
    const k = key();
    const stores = [new PgThrottlerStorage(one), new PgThrottlerStorage(two)];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, n) => must(stores[n % 2]).increment(k, MINUTE_MS, 25, MINUTE_MS, 'default')),
    );
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(25);
    expect(
      results
        .filter((r) => !r.isBlocked)
        .map((r) => r.totalHits)
        .sort((x, y) => x - y),
    ).toEqual(Array.from({ length: 25 }, (_, n) => n + 1));
  });

  it('stores hashed keys only (no user ids, addresses or emails)', async () => {
    const k = `ip:203.0.113.9|someone@example.test ${randomBytes(4).toString('hex')}`;
    await new PgThrottlerStorage(one).increment(k, MINUTE_MS, 5, MINUTE_MS, 'login');
    const rows: Array<{ n: number }> = await owner.query(
      `SELECT count(*)::int AS n FROM rate_limit_counter WHERE encode(key_hash, 'escape') LIKE '%example.test%'`,
    );
    expect(rows[0]?.n).toBe(0);
    const [table] = await owner.query(`SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit_counter'`);
    expect(table.relpersistence).toBe('u'); // UNLOGGED
  });
});
