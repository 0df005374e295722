import { countCacheLookup, outsideRequest } from '../common/server-timing';
import { spreadBelow } from '../common/spread';
import { CacheEntries } from './cache-entries';
import type { ChangeScope, RegistryChanges } from './registry-changes.service';

interface Entry<T> {
  version: string;
  value: Promise<T>;
  /** When the computation started (ms since the epoch). */
  computedAt: number;
  /** From when it is no longer served at all (`maxAgeMs`, spread; ms since the epoch). */
  expiresAt: number;
  /** From when, outdated, it is recomputed in the background (`refreshAfterMs`, spread; ms since the epoch). */
  refreshAt: number;
}

export interface ReadCacheOptions {
  /** Entries kept per cache (least recently used dropped beyond). */
  maxEntries?: number;
  /**
   * How long an entry may still be served after its clinic's data changed (ms; 0: never). For
   * aggregates whose readers accept a bounded lag (leadership outcomes), so that a busy clinic's writes
   * do not recompute them on every read. Never across a reconnect of the change feed or an "everything
   * changed" notification (a new epoch): those always recompute.
   */
  maxStaleMs?: number;
  /**
   * Refresh ahead (with `maxStaleMs`): an outdated entry this old (ms) is still served, and recomputed in
   * the background — one such recomputation at a time per cache — so that it is replaced before it may
   * no longer be served and no reader waits for it. Without it an entry is recomputed by the first read
   * after `maxStaleMs`, and every entry computed together (the outcomes of every clinic at start-up) is
   * recomputed together: under mixed traffic that burst took both cores for seconds (issue #13).
   */
  refreshAfterMs?: number;
  /**
   * Longest an entry is served, changed or not (ms; default {@link DEFAULT_MAX_AGE_MS}): the bound on what
   * the change feed cannot see (a write that bypasses the triggers, docs/adr/0005-read-caches.md).
   */
  maxAgeMs?: number;
  /** The clock (tests). */
  now?: () => number;
  /** A number in [0, 1) that spreads each entry's refresh and expiry (tests; default `Math.random`). */
  random?: () => number;
}

/** Default `maxAgeMs`: 15 minutes. */
export const DEFAULT_MAX_AGE_MS = 15 * 60_000;

/** The epoch part of a version (`<epoch>.<counters…>`, `RegistryChanges.versionOf`). */
const epochOf = (version: string): string => version.slice(0, version.indexOf('.'));

/**
 * Results computed from one clinic's data, kept while that data is unchanged (see
 * {@link RegistryChanges}). Concurrent requests for the same key share one computation; a failed
 * computation is not kept. Least recently used entries are dropped beyond `maxEntries`.
 *
 * Values are shared between requests: treat them as read-only.
 */
export class ReadCache<T> {
  private readonly entries: CacheEntries<Entry<T>>;
  private readonly maxStaleMs: number;
  private readonly refreshAfterMs: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  /** Entries being recomputed in the background, and the chain those recomputations run on, in turn. */
  private readonly refreshing = new Set<string>();
  private refreshes: Promise<void> = Promise.resolve();

  constructor(
    private readonly changes: RegistryChanges,
    options: ReadCacheOptions = {},
  ) {
    this.entries = new CacheEntries(options.maxEntries ?? 1_000);
    this.maxStaleMs = options.maxStaleMs ?? 0;
    this.refreshAfterMs = options.refreshAfterMs ?? Infinity;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * An entry computed from `computedAt` for `version`. Its refresh and expiry times are drawn between 75 %
   * and 100 % of `refreshAfterMs` and `maxAgeMs` (`spreadBelow`), so that entries computed together (every
   * clinic's outcomes at start-up, every caseload after a restart) are not all refreshed or dropped in the
   * same moment. A quarter-hour in every key did exactly that: every caseload, agenda and outcome of every
   * clinic missed at once; and the outcomes of every clinic, refreshed ahead together, were recomputed in
   * one train every 48 s (issue #13, session 16; docs/adr/0005-read-caches.md).
   */
  private entry(version: string, value: Promise<T>, computedAt = this.now()): Entry<T> {
    const after = (ms: number): number => computedAt + spreadBelow(ms, this.random);
    return { version, value, computedAt, expiresAt: after(this.maxAgeMs), refreshAt: after(this.refreshAfterMs) };
  }

  /** A held entry that may be served for `version`: the same version, or a bounded-stale one. */
  private usable(held: Entry<T> | undefined, version: string): held is Entry<T> {
    if (!held || this.now() >= held.expiresAt) return false;
    if (held.version === version) return true;
    return (
      this.maxStaleMs > 0 &&
      epochOf(held.version) === epochOf(version) &&
      this.now() - held.computedAt < this.maxStaleMs
    );
  }

  /**
   * The value for `key` of `clinicId`, computed by `compute` unless a current one is held.
   * @param scope what the value depends on (`RegistryChanges` `ChangeScope`; default: anything of the
   *   clinic) — it must cover everything `compute` reads, or a change will not refresh the value
   */
  get(clinicId: string, key: string, compute: () => Promise<T>, scope?: ChangeScope): Promise<T> {
    // The version is read before computing: a change committed meanwhile makes the entry stale at once.
    const version = this.changes.versionOf(clinicId, scope);
    if (version === null) {
      countCacheLookup(false);
      return compute();
    }
    const id = `${clinicId}\u0000${key}`;
    const held = this.entries.get(id);
    const hit = this.usable(held, version);
    countCacheLookup(hit);
    if (hit) {
      this.entries.touch(id, held);
      if (held.version !== version && this.now() >= held.refreshAt) {
        this.refreshAhead(id, held, () => this.changes.versionOf(clinicId, scope), compute);
      }
      return held.value;
    }
    const value = compute();
    this.entries.put(id, this.entry(version, value));
    return value;
  }

  /**
   * Recomputes `held` in the background, after the recomputations queued before it (each waited for at
   * most `maxStaleMs`) and outside the request that noticed it is outdated; the result replaces it unless
   * something newer took its place meanwhile. A failure leaves `held` as it is (it is recomputed on read
   * once it may no longer be served).
   */
  private refreshAhead(id: string, held: Entry<T>, versionNow: () => string | null, compute: () => Promise<T>): void {
    if (this.refreshing.has(id)) return;
    this.refreshing.add(id);
    this.refreshes = this.refreshes.then(() => {
      const work = outsideRequest(async () => {
        try {
          // Read before computing, as in get(): a change committed meanwhile makes the result outdated at once.
          const version = versionNow();
          if (version === null || this.entries.get(id) !== held) return;
          const computedAt = this.now();
          const value = await compute();
          if (this.entries.get(id) === held) {
            this.entries.put(id, this.entry(version, Promise.resolve(value), computedAt));
          }
        } catch {
          // Kept: served until it may no longer be, then recomputed by a read.
        } finally {
          this.refreshing.delete(id);
        }
      });
      // The next refresh waits for this one at most as long as an entry may be served: one that hangs (a
      // stuck statement) holds up no other, and its own entry is recomputed by a read once it expires.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.maxStaleMs);
        timer.unref();
      });
      return Promise.race([work, late]).finally(() => clearTimeout(timer));
    });
  }

  get size(): number {
    return this.entries.size;
  }
}
