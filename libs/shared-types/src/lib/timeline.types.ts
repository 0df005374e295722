import type { IsoDate, IsoTimestamp } from './date.types';
import type { StaffRef } from './patient-flags.types';

/** Kinds of entry on a patient's shared timeline (issue #11). */
export const TimelineKind = {
  SCORE: 'score',
  CONTACT: 'contact',
  REVIEW: 'review',
  RECOMMENDATION: 'recommendation',
  MEDICATION: 'medication',
  FLAG_RAISED: 'flag_raised',
  FLAG_CLEARED: 'flag_cleared',
  STATUS: 'status',
  CORRECTION: 'correction',
  SAFETY_FOLLOW_UP: 'safety_follow_up',
  /** A relapse-prevention plan saved. */
  RELAPSE_PLAN: 'relapse_plan',
  /** An ED visit or a hospital admission (entered or imported; issue #17). */
  UTILIZATION: 'utilization',
} as const;
/** One of {@link TimelineKind}'s values. */
export type TimelineKind = (typeof TimelineKind)[keyof typeof TimelineKind];

/**
 * One event of the patient's record as the whole care team sees it. `title` is a short English
 * headline ("PHQ-9 14 (moderate)", "Follow-up by phone, 25 min"); `detail` carries the free text the
 * event holds (a contact's note, a review summary, a discharge reason) or `null`.
 */
export interface TimelineEntry {
  /** `<kind>:<source row id>[:<suffix>]`, unique within the timeline. */
  id: string;
  kind: TimelineKind;
  /** Instant of the event, to the millisecond (sort key, newest first; ties by `id`). */
  at: IsoTimestamp;
  /** Clinic-local calendar date of the event. */
  date: IsoDate;
  /** Who did it (entered the score, made the contact, reviewed, changed the status), if known. */
  actor: StaffRef | null;
  title: string;
  detail: string | null;
  /** Id of the source row (assessment, contact, review, recommendation, medication event, flag…). */
  refId: string | null;
  /** Kind-specific structured fields (e.g. recommendations of a review, risk level of a follow-up). */
  data?: Record<string, unknown>;
}

/**
 * `GET /api/patients/:id/timeline?kinds=a,b&before=<iso>&beforeId=<id>&limit=n`, newest first (by
 * `at`, then `id`). Entries of one instant may straddle pages, so pass both `nextBefore` and
 * `nextBeforeId` to load older entries.
 */
export interface PatientTimeline {
  patientId: string;
  entries: TimelineEntry[];
  /** Pass as `before` to load older entries; `null` when there are none. */
  nextBefore: IsoTimestamp | null;
  /** Pass as `beforeId` with `before`; `null` when there are none. */
  nextBeforeId: string | null;
}
