import { spreadBelow } from '../common/spread';
import { CacheEntries } from './cache-entries';
import { DEFAULT_MAX_AGE_MS } from './read-cache';
import type { RegistryChanges } from './registry-changes.service';

/** How a {@link RowRefreshCache} reads what it holds. */
export interface RowSource<T> {
  /** Everything, afresh. */
  all(): Promise<T>;
  /** `held` with the rows of `patients` read again (and whatever else may have changed with them). */
  refresh(held: T, patients: ReadonlySet<string>): Promise<T>;
}

export interface RowRefreshCacheOptions {
  /** Entries kept (least recently used dropped beyond). */
  maxEntries?: number;
  /** Longest an entry is kept after it was read whole (ms; default {@link DEFAULT_MAX_AGE_MS}), refreshed or not. */
  maxAgeMs?: number;
  /** The clock (tests). */
  now?: () => number;
  /** A number in [0, 1) that spreads each entry's expiry (tests; default `Math.random`). */
  random?: () => number;
}

interface Entry<T> {
  /** `StaffVersion.base` when it was read whole: a change of it means reading it whole again. */
  base: string;
  /** The staff member's change count it is current with. */
  count: number;
  value: Promise<T>;
  /** When it must be read whole again, changed or not (ms since the epoch). */
  expiresAt: number;
}

/**
 * One staff member's caseload (or agenda) rows, kept and refreshed row by row (issue #13;
 * docs/adr/0005-read-caches.md, amended): when the change feed names the patients a write touched
 * ({@link RegistryChanges.patientsChangedSince}), only their rows are read again; anything else (a change
 * that names no patient, a clinic-wide change, a reconnect, the age bound) reads everything again.
 * Concurrent callers share one read or refresh; a failed one is not kept. Lookups are not counted in the
 * request's cache hits and misses: the page cache in front of it counts them (a refresh runs SQL: a miss).
 *
 * Values are shared between requests: treat them as read-only.
 */
export class RowRefreshCache<T> {
  private readonly entries: CacheEntries<Entry<T>>;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly changes: RegistryChanges,
    options: RowRefreshCacheOptions = {},
  ) {
    this.entries = new CacheEntries(options.maxEntries ?? 1_000);
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * The rows of `staffId`'s caseload or agenda in `clinicId` under `key` (everything else they depend on:
   * the reader, the day), current with every change the feed has delivered.
   */
  get(clinicId: string, staffId: string, key: string, source: RowSource<T>): Promise<T> {
    // Read before reading rows: a change committed meanwhile is read again next time.
    const version = this.changes.staffVersion(clinicId, staffId);
    if (version === null) return source.all();
    const id = `${clinicId}\u0000${staffId}\u0000${key}`;
    const held = this.entries.get(id);
    if (held && held.base === version.base && this.now() < held.expiresAt) {
      if (held.count === version.count) {
        this.entries.touch(id, held);
        return held.value;
      }
      const patients = this.changes.patientsChangedSince(clinicId, staffId, held.count);
      if (patients) {
        const refreshed = held.value.then((rows) => source.refresh(rows, patients));
        this.entries.put(id, { ...held, count: version.count, value: refreshed });
        return refreshed;
      }
    }
    const whole = this.whole(version.base, version.count, source);
    this.entries.put(id, whole);
    return whole.value;
  }

  /**
   * Whether `staffId`'s rows can be held now: changes are followed and no write of this process is settling
   * in the clinic. When not, {@link get} reads everything; a caller with a cheaper read of its own uses that.
   */
  follows(clinicId: string, staffId: string): boolean {
    return this.changes.staffVersion(clinicId, staffId) !== null;
  }

  private whole(base: string, count: number, source: RowSource<T>): Entry<T> {
    return { base, count, value: source.all(), expiresAt: this.now() + spreadBelow(this.maxAgeMs, this.random) };
  }

  get size(): number {
    return this.entries.size;
  }
}
