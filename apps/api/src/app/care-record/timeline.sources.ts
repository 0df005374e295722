import type { EntityManager } from 'typeorm';
import type { TimelineEntry, TimelineKind } from '@huddle/shared-types';

/** What a timeline source is asked for. */
export interface TimelineQuery {
  patientId: string;
  clinicId: string;
  /** Kinds requested (never empty). */
  kinds: readonly TimelineKind[];
  /** Only entries strictly before this instant (`null` = newest). */
  before: Date | null;
  /** At most this many entries. */
  limit: number;
}

/**
 * One source of timeline entries: the entries of `query.kinds` it holds, `at` before
 * `query.before`, newest first, at most `query.limit` of them. The patient is already scoped.
 * Sources are merged and sorted by {@link TimelineService}; adding one is one line in its list.
 */
export type TimelineSource = (query: TimelineQuery, em: EntityManager) => Promise<TimelineEntry[]>;

/** Newest first; ties by id (descending) so the order is stable across pages. */
export function compareTimelineEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
