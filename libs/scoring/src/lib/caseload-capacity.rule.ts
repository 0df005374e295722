import type { FlagOf } from '@huddle/shared-types';
import { FLAG_SEVERITY, type FlagThresholds } from './flag-thresholds.config';
import { ScoringValidationError } from './scoring-validation.error';

/**
 * CASELOAD_OVER_CAPACITY for one care manager: more active patients than
 * `floor(caseloadCapacity × fte)` (default > 75 per full-time care manager, clinical-reference.md
 * §Measurement-based care rules, NYS). 75 is fine, 76 is flagged.
 *
 * @param activePatientCount patients in enrolled, active or relapse-prevention episodes.
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
  if (!Number.isFinite(fte) || fte <= 0 || fte > 1) {
    throw new ScoringValidationError('fte', `fte must be greater than 0 and at most 1, got ${String(fte)}`);
  }
  const capacity = Math.floor(thresholds.caseloadCapacity * fte);
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
