import { DEFAULT_MAX_AGE_MS, ReadCache } from './read-cache';
import type { RegistryChanges } from './registry-changes.service';

/** A stand-in for the change feed: the version is whatever the test sets. */
function changesAt(initial: string | null): { changes: RegistryChanges; set(version: string | null): void } {
  let version = initial;
  return {
    changes: { versionOf: () => version } as unknown as RegistryChanges,
    set: (next) => {
      version = next;
    },
  };
}

describe('ReadCache', () => {
  it('computes once per key and version, and again after the version moves', async () => {
    const feed = changesAt('0.1');
    const cache = new ReadCache<number>(feed.changes);
    let calls = 0;
    const compute = async (): Promise<number> => ++calls;

    expect(await cache.get('clinic-a', 'k', compute)).toBe(1);
    expect(await cache.get('clinic-a', 'k', compute)).toBe(1);
    expect(await cache.get('clinic-a', 'other', compute)).toBe(2);
    expect(await cache.get('clinic-b', 'k', compute)).toBe(3);
    feed.set('0.2');
    expect(await cache.get('clinic-a', 'k', compute)).toBe(4);
    expect(await cache.get('clinic-a', 'k', compute)).toBe(4);
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = new ReadCache<string>(changesAt('0.0').changes);
    let calls = 0;
    let release: (value: string) => void = () => undefined;
    const compute = (): Promise<string> => {
      calls++;
      return new Promise((resolve) => (release = resolve));
    };
    const first = cache.get('c', 'k', compute);
    const second = cache.get('c', 'k', compute);
    release('done');
    await expect(Promise.all([first, second])).resolves.toEqual(['done', 'done']);
    expect(calls).toBe(1);
  });

  it('does not keep a failed computation', async () => {
    const cache = new ReadCache<string>(changesAt('0.0').changes);
    await expect(cache.get('c', 'k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(cache.get('c', 'k', async () => 'ok')).resolves.toBe('ok');
  });

  it('serves an entry up to maxStaleMs after its clinic changed, then recomputes', async () => {
    const feed = changesAt('0.1');
    let now = 1_000_000;
    const cache = new ReadCache<number>(feed.changes, { maxStaleMs: 60_000, now: () => now });
    let calls = 0;
    const compute = async (): Promise<number> => ++calls;

    expect(await cache.get('c', 'k', compute)).toBe(1);
    feed.set('0.2');
    now += 59_999;
    expect(await cache.get('c', 'k', compute)).toBe(1);
    now += 1;
    expect(await cache.get('c', 'k', compute)).toBe(2);
    // The recomputed entry is current again, and ages from its own computation.
    feed.set('0.3');
    now += 30_000;
    expect(await cache.get('c', 'k', compute)).toBe(2);
  });

  it('refreshes an outdated entry ahead, in the background, once it is refreshAfterMs old', async () => {
    const feed = changesAt('0.1');
    let now = 0;
    const cache = new ReadCache<number>(feed.changes, { maxStaleMs: 60_000, refreshAfterMs: 30_000, now: () => now });
    let calls = 0;
    const compute = async (): Promise<number> => ++calls;
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

    expect(await cache.get('c', 'k', compute)).toBe(1);
    // Current: never refreshed, however old.
    now = 50_000;
    expect(await cache.get('c', 'k', compute)).toBe(1);
    await settle();
    expect(calls).toBe(1);
    // Outdated and old enough: served as it is, recomputed behind the read.
    feed.set('0.2');
    expect(await cache.get('c', 'k', compute)).toBe(1);
    await settle();
    expect(calls).toBe(2);
    // The next read gets the refreshed entry (current: computed at the new version) without computing.
    now = 110_000;
    expect(await cache.get('c', 'k', compute)).toBe(2);
    await settle();
    expect(calls).toBe(2);
  });

  it('runs background refreshes one at a time, and keeps the entry when one fails', async () => {
    const feed = changesAt('0.1');
    let now = 0;
    const cache = new ReadCache<string>(feed.changes, { maxStaleMs: 60_000, refreshAfterMs: 30_000, now: () => now });
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const gated =
      (value: string, fail = false) =>
      async (): Promise<string> => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        if (fail) throw new Error('refresh failed');
        return value;
      };
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

    for (const key of ['a', 'b']) {
      const first = cache.get('c', key, gated(`${key}1`));
      await settle();
      releases.shift()?.();
      expect(await first).toBe(`${key}1`);
    }
    feed.set('0.2');
    now = 40_000;
    expect(await cache.get('c', 'a', gated('a2', true))).toBe('a1');
    expect(await cache.get('c', 'b', gated('b2'))).toBe('b1');
    // A second read while a refresh is pending starts no other.
    expect(await cache.get('c', 'a', gated('a3'))).toBe('a1');
    for (let i = 0; i < 3; i++) {
      await settle();
      releases.shift()?.();
    }
    await settle();
    expect(most).toBe(1);
    expect(await cache.get('c', 'a', gated('never'))).toBe('a1');
    expect(await cache.get('c', 'b', gated('never'))).toBe('b2');
  });

  it('does not let a refresh that hangs hold up the others for longer than an entry may be served', async () => {
    const feed = changesAt('0.1');
    let now = 0;
    const cache = new ReadCache<string>(feed.changes, { maxStaleMs: 200, refreshAfterMs: 100, now: () => now });
    expect(await cache.get('c', 'a', async () => 'a1')).toBe('a1');
    expect(await cache.get('c', 'b', async () => 'b1')).toBe('b1');
    feed.set('0.2');
    now = 150;
    // a's refresh never answers; b's is queued behind it.
    expect(await cache.get('c', 'a', () => new Promise<string>(() => undefined))).toBe('a1');
    expect(await cache.get('c', 'b', async () => 'b2')).toBe('b1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await cache.get('c', 'b', async () => 'never')).toBe('b1');
    // Once a's refresh has had maxStaleMs (real time), b's runs.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await cache.get('c', 'b', async () => 'never')).toBe('b2');
    // a is still served until it may no longer be (a's own refresh is still pending: no second one).
    expect(await cache.get('c', 'a', async () => 'never')).toBe('a1');
  });

  it('never serves a stale entry across a new epoch (reconnect or "everything changed")', async () => {
    const feed = changesAt('0.4');
    let now = 0;
    const cache = new ReadCache<number>(feed.changes, { maxStaleMs: 60_000, now: () => now });
    let calls = 0;
    const compute = async (): Promise<number> => ++calls;

    expect(await cache.get('c', 'k', compute)).toBe(1);
    feed.set('1.4');
    now += 1;
    expect(await cache.get('c', 'k', compute)).toBe(2);
  });

  it('recomputes after every change without maxStaleMs', async () => {
    const feed = changesAt('0.1');
    const cache = new ReadCache<number>(feed.changes, { now: () => 0 });
    let calls = 0;
    const compute = async (): Promise<number> => ++calls;
    expect(await cache.get('c', 'k', compute)).toBe(1);
    feed.set('0.2');
    expect(await cache.get('c', 'k', compute)).toBe(2);
  });

  it('computes every time while changes are not followed', async () => {
    const cache = new ReadCache<number>(changesAt(null).changes);
    let calls = 0;
    await cache.get('c', 'k', async () => ++calls);
    await cache.get('c', 'k', async () => ++calls);
    expect(calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('no longer serves an entry once it is maxAgeMs old, even unchanged; entries computed together expire apart', async () => {
    let now = 0;
    // Each entry's bound is drawn below maxAgeMs by up to a quarter: 1 - 0.25 * random.
    const draws = [0, 0, 0.8, 0.8];
    const cache = new ReadCache<number>(changesAt('0.1').changes, {
      maxAgeMs: 1_000,
      now: () => now,
      random: () => draws.shift() ?? 0,
    });
    let calls = 0;
    const compute = async (): Promise<number> => ++calls;

    expect(await cache.get('c', 'a', compute)).toBe(1); // expires at 1,000
    expect(await cache.get('c', 'b', compute)).toBe(2); // expires at 800
    now = 799;
    expect([await cache.get('c', 'a', compute), await cache.get('c', 'b', compute)]).toEqual([1, 2]);
    now = 800;
    expect([await cache.get('c', 'a', compute), await cache.get('c', 'b', compute)]).toEqual([1, 3]);
    now = 1_000;
    expect(await cache.get('c', 'a', compute)).toBe(4);
  });

  it('bounds every entry at 15 minutes by default', async () => {
    let now = 0;
    const cache = new ReadCache<number>(changesAt('0.1').changes, { now: () => now, random: () => 0 });
    let calls = 0;
    const compute = async (): Promise<number> => ++calls;
    expect(await cache.get('c', 'k', compute)).toBe(1);
    now = DEFAULT_MAX_AGE_MS - 1;
    expect(await cache.get('c', 'k', compute)).toBe(1);
    now = DEFAULT_MAX_AGE_MS;
    expect(await cache.get('c', 'k', compute)).toBe(2);
  });

  it('refreshes entries computed together at different times (each its own share of refreshAfterMs)', async () => {
    const feed = changesAt('0.1');
    let now = 0;
    const draws = [0, 0, 0, 1 - Number.EPSILON, 0, 0];
    const cache = new ReadCache<string>(feed.changes, {
      maxStaleMs: 60_000,
      refreshAfterMs: 40_000,
      now: () => now,
      random: () => draws.shift() ?? 0,
    });
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('c', 'a', async () => 'a1')).toBe('a1'); // refreshed from 40,000
    expect(await cache.get('c', 'b', async () => 'b1')).toBe('b1'); // refreshed from 30,000
    feed.set('0.2');
    now = 35_000;
    expect(await cache.get('c', 'a', async () => 'a2')).toBe('a1');
    expect(await cache.get('c', 'b', async () => 'b2')).toBe('b1');
    await settle();
    expect(await cache.get('c', 'a', async () => 'never')).toBe('a1');
    expect(await cache.get('c', 'b', async () => 'never')).toBe('b2');
  });

  it('drops the least recently used entry beyond its bound', async () => {
    const cache = new ReadCache<string>(changesAt('0.0').changes, { maxEntries: 2 });
    await cache.get('c', 'a', async () => 'a1');
    await cache.get('c', 'b', async () => 'b1');
    await cache.get('c', 'a', async () => 'a2'); // a is now the most recently used
    await cache.get('c', 'c', async () => 'c1'); // drops b
    expect(cache.size).toBe(2);
    expect(await cache.get('c', 'a', async () => 'a3')).toBe('a1');
    expect(await cache.get('c', 'b', async () => 'b2')).toBe('b2');
  });
});
