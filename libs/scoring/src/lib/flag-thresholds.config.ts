import type { FlagCode, FlagSeverity } from '@huddle/shared-types';
import {
  DEFAULT_EPISODE_MEASURE_THRESHOLDS,
  definedOnly,
  type EpisodeMeasureThresholds,
} from './episode-measures.calculator';
import { ScoringValidationError } from './scoring-validation.error';
import { THRESHOLD_BOUNDS } from './threshold-bounds.const';
import { assertThresholds, type ThresholdBounds } from './thresholds.validation';

/** Clinic-configurable thresholds of the flag rules (days, weeks, points, patients). */
export interface FlagThresholds extends EpisodeMeasureThresholds {
  /** Week from which < response reduction raises NOT_IMPROVING_EARLY (8). */
  readonly notImprovingEarlyWeeks: number;
  /** Week from which < response reduction raises NOT_IMPROVING (10). */
  readonly notImprovingWeeks: number;
  /** NO_CONTACT_30D when the last patient contact is more than this many days ago (30). */
  readonly noContactDays: number;
  /** NO_SCORE_30D when the last complete outcome score is more than this many days ago (30). */
  readonly noScoreDays: number;
  /** FIRST_FOLLOW_UP_OVERDUE when no follow-up contact this many days after the initial assessment (28). */
  readonly firstFollowUpDays: number;
  /** REVIEW_OVERDUE when a not-improved patient's last review is more than this many days ago (60). */
  readonly reviewOverdueDays: number;
  /** CASELOAD_OVER_CAPACITY above this many active patients per full-time care manager (75). */
  readonly caseloadCapacity: number;
  /**
   * Weekly agenda cut-off: a patient with no other reason to be discussed is due this week once
   * their last consultant review is this many days old by the end of the week (60).
   */
  readonly routineReviewDays: number;
}

/**
 * Defaults per clinical-reference.md §Measurement-based care rules: early non-response signal at
 * week 8 (WA state registry), not improving at 10–12 weeks (AIMS; flagged from week 10), no
 * contact/score in 30 days, first follow-up within 4 weeks (28 days), consultant review every 60
 * days while not improved (NYS), caseload > 75 (NYS), plus the episode-measure defaults.
 */
export const DEFAULT_FLAG_THRESHOLDS: Readonly<FlagThresholds> = Object.freeze({
  ...DEFAULT_EPISODE_MEASURE_THRESHOLDS,
  notImprovingEarlyWeeks: 8,
  notImprovingWeeks: 10,
  noContactDays: 30,
  noScoreDays: 30,
  firstFollowUpDays: 28,
  reviewOverdueDays: 60,
  caseloadCapacity: 75,
  // clinical-reference.md §Measurement-based care rules, "Review cadence": every active patient not
  // improved should have had a consultant review in the last 60 days (NYS consultation rate); the
  // agenda brings everyone else back within the same window.
  routineReviewDays: 60,
});

/** Bounds of every flag threshold (with reasons: {@link THRESHOLD_BOUNDS}). */
export const FLAG_THRESHOLD_BOUNDS: Readonly<Record<string, ThresholdBounds>> = THRESHOLD_BOUNDS;

/**
 * Merges per-clinic overrides over `base` (default {@link DEFAULT_FLAG_THRESHOLDS}); `undefined`
 * values are ignored.
 * @throws ScoringValidationError for a non-integer or out-of-range value, or an early
 *   non-response week after the not-improving week.
 */
export function mergeFlagThresholds(
  overrides?: Partial<FlagThresholds> | null,
  base: Readonly<FlagThresholds> = DEFAULT_FLAG_THRESHOLDS,
): FlagThresholds {
  const merged: FlagThresholds = { ...base, ...definedOnly(overrides) };
  assertThresholds({ ...merged }, THRESHOLD_BOUNDS);
  if (merged.notImprovingEarlyWeeks > merged.notImprovingWeeks) {
    throw new ScoringValidationError(
      'thresholds.notImprovingEarlyWeeks',
      `notImprovingEarlyWeeks (${merged.notImprovingEarlyWeeks}) must not exceed notImprovingWeeks (${merged.notImprovingWeeks})`,
    );
  }
  return merged;
}

/**
 * Stored overrides made usable without failing: a value outside {@link THRESHOLD_BOUNDS} is clamped
 * into the range, a non-number or non-integer falls back to the default (rounded), an early
 * non-response week after the not-improving week is lowered to it. For read paths, so that a value
 * stored before the bounds existed (or written around the API) cannot break the caseload, agenda,
 * flags or review summary; writes go through {@link mergeFlagThresholds}, which refuses such values.
 * Returns the thresholds and the names of the overrides that had to be changed.
 */
export function clampFlagThresholds(
  overrides?: Readonly<Record<string, unknown>> | null,
  base: Readonly<FlagThresholds> = DEFAULT_FLAG_THRESHOLDS,
): { thresholds: FlagThresholds; adjusted: Array<keyof FlagThresholds> } {
  const result: Record<keyof FlagThresholds, number> = { ...base };
  const adjusted: Array<keyof FlagThresholds> = [];
  for (const key of Object.keys(THRESHOLD_BOUNDS) as Array<keyof FlagThresholds>) {
    const { min, max } = THRESHOLD_BOUNDS[key];
    const raw = overrides?.[key];
    if (raw === undefined || raw === null) continue;
    const value = typeof raw === 'number' && Number.isFinite(raw) ? Math.round(raw) : base[key];
    const clamped = Math.min(max, Math.max(min, value));
    if (clamped !== raw) adjusted.push(key);
    result[key] = clamped;
  }
  if (result.notImprovingEarlyWeeks > result.notImprovingWeeks) {
    result.notImprovingEarlyWeeks = result.notImprovingWeeks;
    adjusted.push('notImprovingEarlyWeeks');
  }
  return { thresholds: result, adjusted };
}

/** Fixed severity of each flag code. SAFETY is the only critical flag. */
export const FLAG_SEVERITY: Readonly<Record<FlagCode, FlagSeverity>> = {
  SAFETY: 'critical',
  NOT_IMPROVING: 'high',
  WORSENING: 'high',
  FIRST_FOLLOW_UP_OVERDUE: 'high',
  NOT_IMPROVING_EARLY: 'medium',
  NO_CONTACT_30D: 'medium',
  NEVER_REVIEWED: 'medium',
  REVIEW_OVERDUE: 'medium',
  INCOMPLETE_FORM_NEEDS_REVIEW: 'medium',
  CASELOAD_OVER_CAPACITY: 'medium',
  NO_SCORE_30D: 'low',
};

/**
 * Flags dropped when a more specific flag for the same problem is present:
 * NOT_IMPROVING supersedes NOT_IMPROVING_EARLY, and FIRST_FOLLOW_UP_OVERDUE supersedes
 * NO_CONTACT_30D (both say "no contact since the initial assessment"). NEVER_REVIEWED and
 * REVIEW_OVERDUE exclude each other by construction.
 */
export const FLAG_SUPERSEDED_BY: Readonly<Partial<Record<FlagCode, FlagCode>>> = {
  NOT_IMPROVING_EARLY: 'NOT_IMPROVING',
  NO_CONTACT_30D: 'FIRST_FOLLOW_UP_OVERDUE',
};
