import { countCacheLookup } from '../common/server-timing';
import type { RegistryChanges } from './registry-changes.service';

interface Entry<T> {
  version: string;
  value: Promise<T>;
}

/**
 * Results computed from one clinic's data, kept while that data is unchanged (see
 * {@link RegistryChanges}). Concurrent requests for the same key share one computation; a failed
 * computation is not kept. Least recently used entries are dropped beyond `maxEntries`.
 *
 * Values are shared between requests: treat them as read-only.
 */
export class ReadCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly changes: RegistryChanges,
    private readonly maxEntries = 1_000,
  ) {}

  /** The value for `key` of `clinicId`, computed by `compute` unless a current one is held. */
  get(clinicId: string, key: string, compute: () => Promise<T>): Promise<T> {
    // The version is read before computing: a change committed meanwhile makes the entry stale at once.
    const version = this.changes.versionOf(clinicId);
    if (version === null) {
      countCacheLookup(false);
      return compute();
    }
    const id = `${clinicId}\u0000${key}`;
    const held = this.entries.get(id);
    countCacheLookup(held?.version === version);
    if (held?.version === version) {
      this.entries.delete(id);
      this.entries.set(id, held);
      return held.value;
    }
    const value = compute();
    this.entries.set(id, { version, value });
    value.catch(() => {
      if (this.entries.get(id)?.value === value) this.entries.delete(id);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The current quarter-hour, for cache keys of results that depend on the time of day: a local
 * midnight falls on a quarter-hour in every time zone, and a coverage valid "today" by the database's
 * `current_date` changes at most at one. Such entries are recomputed at least every 15 minutes.
 */
export function timeKey(now: Date = new Date()): string {
  return new Date(Math.floor(now.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS).toISOString();
}
