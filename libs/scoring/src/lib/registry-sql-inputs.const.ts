import { ACTIVE_EPISODE_STATUSES, EpisodeStatus, type InstrumentId, type IsoDate } from '@huddle/shared-types';
import { addDays, daysBetween } from './date.utils';
import { TRACKING_INSTRUMENT_ID } from './rule-inputs.const';

/**
 * Inputs of registry SQL that are neither flag thresholds nor measure windows, defined once here and
 * passed to SQL as parameters (ADR 0004: no clinical literals in SQL).
 */

/**
 * Order of episode statuses when a list is sorted by status: referral first, then the treatment phases
 * in the order an episode goes through them (enrolled → active → relapse prevention). SQL ranks with
 * `array_position($n::text[], status)`.
 */
export const EPISODE_STATUS_SORT_ORDER: readonly EpisodeStatus[] = Object.freeze([
  EpisodeStatus.REFERRED,
  ...ACTIVE_EPISODE_STATUSES,
]);

/** Rank of `status` in {@link EPISODE_STATUS_SORT_ORDER} (1-based like `array_position`; null when absent). */
export function episodeStatusRank(status: EpisodeStatus): number | null {
  const index = EPISODE_STATUS_SORT_ORDER.indexOf(status);
  return index < 0 ? null : index + 1;
}

/**
 * The clinics overview's recent-measurement count: PHQ-9 administrations dated within the last
 * `days` days of the clinic's calendar, today included — the same sense of "within 30 days" as
 * NO_SCORE_30D, which flags a last score *more than* 30 days ago (clinical-reference.md
 * §Measurement-based care rules: "no score in the last 30 days").
 */
export const OVERVIEW_RECENT_SCORES = Object.freeze({
  instrumentId: TRACKING_INSTRUMENT_ID as InstrumentId,
  days: 30,
});

/** Inclusive clinic-local date range of the overview's recent window ending on `asOf`. */
export function overviewRecentWindow(asOf: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDays(asOf, -OVERVIEW_RECENT_SCORES.days), to: asOf };
}

/** How many of `dates` fall in {@link overviewRecentWindow} of `asOf`. */
export function countOverviewRecent(dates: readonly IsoDate[], asOf: IsoDate): number {
  return dates.filter((date) => {
    const age = daysBetween(date, asOf);
    return age >= 0 && age <= OVERVIEW_RECENT_SCORES.days;
  }).length;
}
