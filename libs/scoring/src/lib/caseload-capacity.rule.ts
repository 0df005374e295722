import { ACTIVE_EPISODE_STATUSES, type EpisodeStatus, type FlagOf } from '@huddle/shared-types';
import { FLAG_SEVERITY, type FlagThresholds } from './flag-thresholds.config';
import { ScoringValidationError } from './scoring-validation.error';

/**
 * Episode states that count towards a care manager's caseload: enrolled, active and relapse
 * prevention (referred patients are not on the caseload yet; discharged ones no longer are).
 */
export const CASELOAD_COUNTED_STATUSES: readonly EpisodeStatus[] = ACTIVE_EPISODE_STATUSES;

/**
 * A care manager's capacity: `floor(caseloadCapacity × fte)` — a part-time care manager's share of
 * the clinic's per-FTE capacity (default 75, clinical-reference.md §Measurement-based care rules,
 * NYS), rounded down so the warning never comes later than the share allows (0.5 FTE × 75 → 37).
 * The one definition used by the caseload and the program metrics.
 * @throws ScoringValidationError for an FTE outside (0, 1].
 */
export function caseloadCapacityOf(thresholds: Pick<FlagThresholds, 'caseloadCapacity'>, fte = 1): number {
  if (!Number.isFinite(fte) || fte <= 0 || fte > 1) {
    throw new ScoringValidationError('fte', `fte must be greater than 0 and at most 1, got ${String(fte)}`);
  }
  // Round the product to hundredths first: FTE is stored with two decimals and 0.29 × 100 is 28.999….
  return Math.floor(Math.round(thresholds.caseloadCapacity * fte * 100) / 100);
}

/**
 * CASELOAD_OVER_CAPACITY for one care manager: more active patients than
 * `floor(caseloadCapacity × fte)` (default > 75 per full-time care manager, clinical-reference.md
 * §Measurement-based care rules, NYS). 75 is fine, 76 is flagged.
 *
 * @param activePatientCount patients in {@link CASELOAD_COUNTED_STATUSES} episodes.
 * @param fte the care manager's full-time equivalent (default 1).
 */
export function evaluateCaseloadCapacity(
  activePatientCount: number,
  thresholds: Pick<FlagThresholds, 'caseloadCapacity'>,
  fte = 1,
): FlagOf<'CASELOAD_OVER_CAPACITY'> | null {
  if (!Number.isInteger(activePatientCount) || activePatientCount < 0) {
    throw new ScoringValidationError(
      'activePatientCount',
      `activePatientCount must be a non-negative integer, got ${String(activePatientCount)}`,
    );
  }
  const capacity = caseloadCapacityOf(thresholds, fte);
  if (activePatientCount <= capacity) return null;
  return {
    code: 'CASELOAD_OVER_CAPACITY',
    severity: FLAG_SEVERITY.CASELOAD_OVER_CAPACITY,
    evidence: {
      reason: `${activePatientCount} active patients, above the capacity of ${capacity}${fte === 1 ? '' : ` (${fte} FTE)`}`,
      activePatients: activePatientCount,
      capacity,
    },
  };
}
