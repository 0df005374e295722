import { AgendaBucket, type AgendaItem, type FlagCode, type IsoDate } from '@huddle/shared-types';
import { toDayNumber } from './date.utils';
import { DEFAULT_FLAG_THRESHOLDS, type FlagThresholds } from './flag-thresholds.config';

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
  /** Date of a review recorded in the agenda week (not used for ordering; it rewords the reason). */
  readonly reviewedThisWeekOn?: IsoDate | null;
}

/** The clinic settings and week the agenda is cut off by. */
export interface ReviewAgendaOptions {
  /** {@link FlagThresholds.routineReviewDays} of the clinic (default {@link DEFAULT_FLAG_THRESHOLDS}). */
  readonly routineReviewDays?: FlagThresholds['routineReviewDays'];
  /** Last day (Sunday) of the agenda week; default `asOf`. */
  readonly weekEnd?: IsoDate;
  /** The clinic's today, for "Reviewed today" (`asOf` is the week's Sunday for a past week); default `asOf`. */
  readonly today?: IsoDate;
}

/** An ordered agenda line with the weekly cut-off applied. */
export type DueAgendaItem<T> = AgendaItem<T> & {
  /** Due this week: any bucket before "longest since review", or a routine review whose time has come. */
  dueThisWeek: boolean;
};

/** Agenda buckets in priority order (index + 1 = `bucketPriority`). */
export const AGENDA_BUCKET_ORDER: readonly AgendaBucket[] = Object.values(AgendaBucket);

/** Flag codes that put a patient in the "not improving" bucket. */
export const NOT_IMPROVING_CODES: readonly FlagCode[] = ['NOT_IMPROVING', 'NOT_IMPROVING_EARLY', 'WORSENING'];

interface Placed<T> {
  entry: T;
  bucket: AgendaBucket;
  reason: string;
  daysSinceLastReview: number | null;
  enrolledDay: number | null;
  dueThisWeek: boolean;
}

/**
 * The weekly cut-off (issue #11): safety, new and never reviewed, not improving and requested
 * patients are always due; anyone else once their last review is `routineReviewDays` old by the end
 * of the week (clinical-reference.md §Measurement-based care rules, "Review cadence").
 * @param daysSinceReviewAtWeekEnd days from the last review to the week's last day; `null` = never.
 */
export function isDueThisWeek(
  bucket: AgendaBucket,
  daysSinceReviewAtWeekEnd: number | null,
  routineReviewDays: number,
): boolean {
  if (bucket !== 'longest_since_review') return true;
  return daysSinceReviewAtWeekEnd === null || daysSinceReviewAtWeekEnd >= routineReviewDays;
}

/**
 * Orders the weekly review agenda. Per clinical-reference.md §Measurement-based care rules (AIMS
 * and peer practice): safety → new and never reviewed → not improving (NOT_IMPROVING,
 * NOT_IMPROVING_EARLY or WORSENING) → requested by the care manager → longest since last review.
 * Each patient lands in the first bucket that applies.
 *
 * The weekly cut-off ({@link isDueThisWeek}) marks each line `dueThisWeek`; since only routine
 * reviews can be not due and they come last, longest since review first, the due lines always
 * come first. A review recorded in the agenda week does not move the patient; it rewords the
 * reason ("Reviewed today (safety flag)").
 *
 * Within a bucket: never reviewed first (earliest enrolment first), then most days since the last
 * review, then patient id (code-unit order), so the result is deterministic for any input order.
 */
export function orderReviewAgenda<T extends ReviewAgendaEntry>(
  entries: readonly T[],
  asOf: IsoDate,
  options: ReviewAgendaOptions = {},
): DueAgendaItem<T>[] {
  const asOfDay = toDayNumber(asOf, 'asOf');
  const cutOff: CutOff = {
    weekEndDay: options.weekEnd === undefined ? asOfDay : toDayNumber(options.weekEnd, 'weekEnd'),
    routineReviewDays: options.routineReviewDays ?? DEFAULT_FLAG_THRESHOLDS.routineReviewDays,
    todayDay: options.today === undefined ? asOfDay : toDayNumber(options.today, 'today'),
  };
  const placed = entries.map((entry, index) => place(entry, index, asOfDay, cutOff));
  placed.sort(compareWithinAgenda);
  return placed.map((item, index) => ({
    rank: index + 1,
    patientId: item.entry.patientId,
    bucket: item.bucket,
    bucketPriority: AGENDA_BUCKET_ORDER.indexOf(item.bucket) + 1,
    reason: item.reason,
    daysSinceLastReview: item.daysSinceLastReview,
    dueThisWeek: item.dueThisWeek,
    entry: item.entry,
  }));
}

interface CutOff {
  weekEndDay: number;
  routineReviewDays: number;
  todayDay: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Reviewed today" / "Reviewed on 1 Dec 2026" for a review recorded in the agenda week. */
function reviewedText(reviewedOn: IsoDate, todayDay: number, index: number): string {
  const day = toDayNumber(reviewedOn, `entries[${index}].reviewedThisWeekOn`);
  if (day === todayDay) return 'Reviewed today';
  const [year, month, date] = reviewedOn.split('-').map(Number);
  return `Reviewed on ${date} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

function place<T extends ReviewAgendaEntry>(entry: T, index: number, asOfDay: number, cutOff: CutOff): Placed<T> {
  const reviewedDay =
    entry.lastReviewedAt === null ? null : toDayNumber(entry.lastReviewedAt, `entries[${index}].lastReviewedAt`);
  const enrolledDay = entry.enrolledAt === null ? null : toDayNumber(entry.enrolledAt, `entries[${index}].enrolledAt`);
  const daysSinceLastReview = reviewedDay === null ? null : asOfDay - reviewedDay;
  const sinceReview = daysSinceLastReview === null ? 'never reviewed' : `last reviewed ${daysSinceLastReview} days ago`;
  const reviewed = entry.reviewedThisWeekOn ? reviewedText(entry.reviewedThisWeekOn, cutOff.todayDay, index) : null;
  const daysAtWeekEnd = reviewedDay === null ? null : cutOff.weekEndDay - reviewedDay;
  const make = (bucket: AgendaBucket, why: string, detail: string): Placed<T> => ({
    entry,
    bucket,
    // Once reviewed this week the line says so; how long ago the previous review was is history.
    reason: reviewed === null ? `${why}${detail}` : `${reviewed} (${lowerFirst(why)})`,
    daysSinceLastReview,
    enrolledDay,
    dueThisWeek: isDueThisWeek(bucket, daysAtWeekEnd, cutOff.routineReviewDays),
  });

  if (entry.flagCodes.includes('SAFETY')) return make('safety', 'Safety flag', `; ${sinceReview}`);
  if (daysSinceLastReview === null) {
    if (reviewed !== null) return make('new_never_reviewed', 'New patient', '');
    const enrolled = enrolledDay === null ? 'not yet enrolled' : `enrolled ${asOfDay - enrolledDay} days ago`;
    return make('new_never_reviewed', 'New, never reviewed by the consultant', ` (${enrolled})`);
  }
  const progressCodes = entry.flagCodes.filter((code) => NOT_IMPROVING_CODES.includes(code));
  if (progressCodes.length > 0) return make('not_improving', progressCodes.join(', '), `; ${sinceReview}`);
  if (entry.requestedByCareManager === true) {
    return make('care_manager_request', 'Requested by the care manager', `; ${sinceReview}`);
  }
  const routine = make('longest_since_review', 'Routine review', `; ${sinceReview}`);
  if (routine.dueThisWeek || reviewed !== null) {
    return reviewed === null
      ? { ...routine, reason: `Routine review due (every ${cutOff.routineReviewDays} days); ${sinceReview}` }
      : routine;
  }
  return {
    ...routine,
    reason: `Not due this week; ${sinceReview} (routine review every ${cutOff.routineReviewDays} days)`,
  };
}

/** "Safety flag" → "safety flag"; codes such as "NOT_IMPROVING" stay as they are. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
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
