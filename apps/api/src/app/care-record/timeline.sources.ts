import type { EntityManager } from 'typeorm';
import type { TimelineEntry, TimelineKind } from '@huddle/shared-types';

/** What a timeline source is asked for. */
export interface TimelineQuery {
  patientId: string;
  clinicId: string;
  /** Kinds requested (never empty). */
  kinds: readonly TimelineKind[];
  /**
   * Only entries older than this cursor (`null` = newest): `at` before `cursor.at`, or at the same
   * millisecond with an `id` before `cursor.id` (see {@link isOlderThan}).
   */
  before: TimelineCursor | null;
  /** At most this many entries. */
  limit: number;
}

/** Position of the last entry of a page. */
export interface TimelineCursor {
  at: Date;
  /** `null`: every entry of that instant is older. */
  id: string | null;
}

/**
 * One source of timeline entries: the entries of `query.kinds` it holds, `at` before
 * `query.before`, newest first, at most `query.limit` of them. The patient is already scoped.
 * Sources are merged and sorted by {@link TimelineService}; adding one is one line in its list.
 */
export type TimelineSource = (query: TimelineQuery, em: EntityManager) => Promise<TimelineEntry[]>;

/**
 * Newest first; ties by id, descending in code-unit order (SQL: `COLLATE "C"`), so the order is the
 * same in every source and stable across pages. `at` values are ISO strings to the millisecond.
 */
export function compareTimelineEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Whether an entry comes after (is older than) the cursor, for sources filtering in TypeScript. */
export function isOlderThan(entry: TimelineEntry, cursor: TimelineCursor | null): boolean {
  if (!cursor) return true;
  const at = cursor.at.toISOString();
  return entry.at < at || (entry.at === at && cursor.id !== null && entry.id < cursor.id);
}
