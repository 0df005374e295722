import type { RecommendationStatus, StaffRole } from '@huddle/shared-types';

/**
 * Lifecycle of a consultant recommendation (issue #11): new → accepted | declined by the patient's
 * PCP (in CoCM the PCP prescribes and decides, clinical-reference.md) → implemented by the care
 * manager or the PCP; an accepted recommendation may still be declined. `declined` and `implemented`
 * are final.
 */
export const RECOMMENDATION_TRANSITIONS: Readonly<Record<RecommendationStatus, readonly RecommendationStatus[]>> = {
  new: ['accepted', 'declined'],
  accepted: ['implemented', 'declined'],
  declined: [],
  implemented: [],
};

/** Who may move a recommendation into each status. */
export const RECOMMENDATION_STATUS_ROLES: Readonly<Record<RecommendationStatus, readonly StaffRole[]>> = {
  new: [],
  accepted: ['pcp'],
  declined: ['pcp'],
  implemented: ['care_manager', 'pcp'],
};

/** Statuses of a recommendation still to act on (review summary's `openRecommendations`). */
export const OPEN_RECOMMENDATION_STATUSES: readonly RecommendationStatus[] = ['new', 'accepted'];

/** Statuses awaiting the PCP's answer (the PCP inbox). */
export const INBOX_RECOMMENDATION_STATUSES: readonly RecommendationStatus[] = ['new'];

export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return RECOMMENDATION_TRANSITIONS[from].includes(to);
}
