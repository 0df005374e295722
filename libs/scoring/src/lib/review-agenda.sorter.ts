import { AgendaBucket, type AgendaItem, type FlagCode, type IsoDate } from '@huddle/shared-types';
import { toDayNumber } from './date.utils';

/** One patient proposed for the weekly caseload review. Extra fields pass through untouched. */
export interface ReviewAgendaEntry {
  readonly patientId: string;
  /** Codes of the patient's current flags (from `evaluateFlags`). */
  readonly flagCodes: readonly FlagCode[];
  readonly enrolledAt: IsoDate | null;
  /** Last psychiatric-consultant review, `null` if never reviewed. */
  readonly lastReviewedAt: IsoDate | null;
  /** The care manager asked for this patient to be discussed. */
  readonly requestedByCareManager?: boolean;
}

/** Agenda buckets in priority order (index + 1 = `bucketPriority`). */
export const AGENDA_BUCKET_ORDER: readonly AgendaBucket[] = Object.values(AgendaBucket);

const NOT_IMPROVING_CODES: readonly FlagCode[] = ['NOT_IMPROVING', 'NOT_IMPROVING_EARLY', 'WORSENING'];

interface Placed<T> {
  entry: T;
  bucket: AgendaBucket;
  reason: string;
  daysSinceLastReview: number | null;
  enrolledDay: number | null;
}

/**
 * Orders the weekly review agenda. Per clinical-reference.md §Measurement-based care rules (AIMS
 * and peer practice): safety → new and never reviewed → not improving (NOT_IMPROVING,
 * NOT_IMPROVING_EARLY or WORSENING) → requested by the care manager → longest since last review.
 * Each patient lands in the first bucket that applies.
 *
 * Within a bucket: never reviewed first (earliest enrolment first), then most days since the last
 * review, then patient id (code-unit order), so the result is deterministic for any input order.
 */
export function orderReviewAgenda<T extends ReviewAgendaEntry>(entries: readonly T[], asOf: IsoDate): AgendaItem<T>[] {
  const asOfDay = toDayNumber(asOf, 'asOf');
  const placed = entries.map((entry, index) => place(entry, index, asOfDay));
  placed.sort(compareWithinAgenda);
  return placed.map((item, index) => ({
    rank: index + 1,
    patientId: item.entry.patientId,
    bucket: item.bucket,
    bucketPriority: AGENDA_BUCKET_ORDER.indexOf(item.bucket) + 1,
    reason: item.reason,
    daysSinceLastReview: item.daysSinceLastReview,
    entry: item.entry,
  }));
}

function place<T extends ReviewAgendaEntry>(entry: T, index: number, asOfDay: number): Placed<T> {
  const reviewedDay =
    entry.lastReviewedAt === null ? null : toDayNumber(entry.lastReviewedAt, `entries[${index}].lastReviewedAt`);
  const enrolledDay = entry.enrolledAt === null ? null : toDayNumber(entry.enrolledAt, `entries[${index}].enrolledAt`);
  const daysSinceLastReview = reviewedDay === null ? null : asOfDay - reviewedDay;
  const sinceReview = daysSinceLastReview === null ? 'never reviewed' : `last reviewed ${daysSinceLastReview} days ago`;
  const base = { entry, daysSinceLastReview, enrolledDay };

  if (entry.flagCodes.includes('SAFETY')) {
    return { ...base, bucket: 'safety', reason: `Safety flag; ${sinceReview}` };
  }
  if (daysSinceLastReview === null) {
    const enrolled = enrolledDay === null ? 'not yet enrolled' : `enrolled ${asOfDay - enrolledDay} days ago`;
    return { ...base, bucket: 'new_never_reviewed', reason: `New, never reviewed by the consultant (${enrolled})` };
  }
  const progressCodes = entry.flagCodes.filter((code) => NOT_IMPROVING_CODES.includes(code));
  if (progressCodes.length > 0) {
    return { ...base, bucket: 'not_improving', reason: `${progressCodes.join(', ')}; ${sinceReview}` };
  }
  if (entry.requestedByCareManager === true) {
    return { ...base, bucket: 'care_manager_request', reason: `Requested by the care manager; ${sinceReview}` };
  }
  return { ...base, bucket: 'longest_since_review', reason: `Routine review; ${sinceReview}` };
}

function compareWithinAgenda<T extends ReviewAgendaEntry>(a: Placed<T>, b: Placed<T>): number {
  return (
    AGENDA_BUCKET_ORDER.indexOf(a.bucket) - AGENDA_BUCKET_ORDER.indexOf(b.bucket) ||
    neverThenLongest(a.daysSinceLastReview, b.daysSinceLastReview) ||
    earliestFirstUnknownLast(a.enrolledDay, b.enrolledDay) ||
    compareCodeUnits(a.entry.patientId, b.entry.patientId)
  );
}

/** Days since review: never reviewed (`null`) first, then the most days first. */
function neverThenLongest(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return b - a;
}

/** Enrolment day: earliest first, unknown (`null`) last. */
function earliestFirstUnknownLast(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
