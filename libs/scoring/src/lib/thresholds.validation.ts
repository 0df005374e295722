import { ScoringValidationError } from './scoring-validation.error';

/** Inclusive bounds of a threshold. */
export interface ThresholdBounds {
  readonly min: number;
  readonly max?: number;
}

/**
 * Checks that every threshold is an integer within its bounds (non-negative by default).
 * @throws ScoringValidationError naming the threshold.
 */
export function assertThresholds(
  thresholds: Readonly<Record<string, number>>,
  bounds: Readonly<Record<string, ThresholdBounds>> = {},
): void {
  for (const [name, value] of Object.entries(thresholds)) {
    const { min, max = Number.MAX_SAFE_INTEGER } = bounds[name] ?? { min: 0 };
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ScoringValidationError(
        `thresholds.${name}`,
        `Threshold ${name} must be an integer ≥ ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` and ≤ ${max}`}, got ${String(value)}`,
      );
    }
  }
}

/** Bounds of the episode-measure thresholds shared by episode measures and flags. */
export const EPISODE_THRESHOLD_BOUNDS: Readonly<Record<string, ThresholdBounds>> = {
  responseReductionPercent: { min: 1, max: 100 },
  targetWeeks: { min: 1 },
  worseningPoints: { min: 1 },
};
