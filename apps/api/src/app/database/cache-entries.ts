/**
 * The entries of a read cache ({@link ReadCache}, {@link RowRefreshCache}): at most `maxEntries`, the least
 * recently used dropped beyond; an entry whose value fails is dropped while it is still the one held.
 */
export class CacheEntries<E extends { readonly value: Promise<unknown> }> {
  private readonly entries = new Map<string, E>();

  constructor(private readonly maxEntries: number) {}

  get(id: string): E | undefined {
    return this.entries.get(id);
  }

  /** Holds `entry` under `id` as the most recently used (a hit, or a new value). */
  touch(id: string, entry: E): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  /** Holds a new `entry` under `id`: the most recently used, dropped if its value fails. */
  put(id: string, entry: E): void {
    this.touch(id, entry);
    entry.value.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
