/**
 * Buckets of the weekly caseload review agenda, in agenda order. Per clinical-reference.md
 * §Measurement-based care rules: safety → new and never reviewed → not improving → requested by
 * the care manager → longest since last review.
 */
export const AgendaBucket = {
  SAFETY: 'safety',
  NEW_NEVER_REVIEWED: 'new_never_reviewed',
  NOT_IMPROVING: 'not_improving',
  CARE_MANAGER_REQUEST: 'care_manager_request',
  LONGEST_SINCE_REVIEW: 'longest_since_review',
} as const;
/** One of {@link AgendaBucket}'s values. */
export type AgendaBucket = (typeof AgendaBucket)[keyof typeof AgendaBucket];

/** One ordered agenda line; `entry` is the caller's input object, passed through unchanged. */
export interface AgendaItem<TEntry> {
  /** 1-based position on the agenda. */
  rank: number;
  patientId: string;
  bucket: AgendaBucket;
  /** 1-based priority of the bucket (1 = safety). */
  bucketPriority: number;
  /** Short English explanation of the placement. */
  reason: string;
  /** Days since the last consultant review; `null` if never reviewed. */
  daysSinceLastReview: number | null;
  entry: TEntry;
}
