import type { RegistryChanges, StaffVersion } from './registry-changes.service';
import { RowRefreshCache, type RowSource } from './row-refresh-cache';

/** A stand-in for the change feed: the version and the patients named since are whatever the test sets. */
function feed(): {
  changes: RegistryChanges;
  at(version: StaffVersion | null, named?: ReadonlySet<string> | null): void;
} {
  let version: StaffVersion | null = { base: '0.0', count: 0 };
  let named: ReadonlySet<string> | null = null;
  return {
    changes: {
      staffVersion: () => version,
      patientsChangedSince: () => named,
    } as unknown as RegistryChanges,
    at: (next, patients = null) => {
      version = next;
      named = patients;
    },
  };
}

/** A source whose value lists how it was read: `all` once, then each refresh's patients. */
function source(): RowSource<string[]> & { reads: number } {
  return {
    reads: 0,
    async all() {
      this.reads++;
      return ['all'];
    },
    async refresh(held, patients) {
      this.reads++;
      return [...held, ...patients];
    },
  };
}

describe('RowRefreshCache', () => {
  it('reads once, serves it while the version stands, and refreshes only the named patients', async () => {
    const f = feed();
    const cache = new RowRefreshCache<string[]>(f.changes);
    const rows = source();
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all']);
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all']);
    expect(rows.reads).toBe(1);

    f.at({ base: '0.0', count: 2 }, new Set(['p1', 'p2']));
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all', 'p1', 'p2']);
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all', 'p1', 'p2']);
    expect(rows.reads).toBe(2);
  });

  it('reads everything again when the changes named no patient, or the base moved', async () => {
    const f = feed();
    const cache = new RowRefreshCache<string[]>(f.changes);
    const rows = source();
    await cache.get('c', 's', 'k', rows);
    f.at({ base: '0.0', count: 1 }, null);
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all']);
    f.at({ base: '0.1', count: 1 }, new Set(['p1']));
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all']);
    expect(rows.reads).toBe(3);
  });

  it('shares one read between concurrent callers, keeps no failure, and keeps nothing while not following', async () => {
    const f = feed();
    const cache = new RowRefreshCache<string[]>(f.changes);
    const rows = source();
    const [first, second] = await Promise.all([cache.get('c', 's', 'k', rows), cache.get('c', 's', 'k', rows)]);
    expect(first).toBe(second);
    expect(rows.reads).toBe(1);

    f.at({ base: '0.0', count: 1 }, new Set(['p1']));
    const failing: RowSource<string[]> = { all: rows.all.bind(rows), refresh: () => Promise.reject(new Error('down')) };
    await expect(cache.get('c', 's', 'k', failing)).rejects.toThrow('down');
    expect(cache.size).toBe(0);

    f.at(null);
    await cache.get('c', 's', 'k', rows);
    expect(cache.size).toBe(0);
  });

  it('reads everything again once an entry is older than its age bound, refreshed or not', async () => {
    let now = 0;
    const f = feed();
    const cache = new RowRefreshCache<string[]>(f.changes, { maxAgeMs: 1_000, now: () => now, random: () => 0 });
    const rows = source();
    await cache.get('c', 's', 'k', rows);
    now = 900;
    f.at({ base: '0.0', count: 1 }, new Set(['p1']));
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all', 'p1']);
    now = 1_000;
    expect(await cache.get('c', 's', 'k', rows)).toEqual(['all']);
  });
});
