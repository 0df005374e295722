import type { RecommendationStatus } from '@huddle/shared-types';

/**
 * Lifecycle of a consultant recommendation (issue #4): pending → communicated → done | declined,
 * and pending → declined. `done` and `declined` are final.
 */
export const RECOMMENDATION_TRANSITIONS: Readonly<Record<RecommendationStatus, readonly RecommendationStatus[]>> = {
  pending: ['communicated', 'declined'],
  communicated: ['done', 'declined'],
  done: [],
  declined: [],
};

/** Statuses of a recommendation still to act on. */
export const OPEN_RECOMMENDATION_STATUSES: readonly RecommendationStatus[] = ['pending', 'communicated'];

export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return RECOMMENDATION_TRANSITIONS[from].includes(to);
}
