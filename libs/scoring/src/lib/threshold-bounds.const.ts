import type { FlagThresholds } from './flag-thresholds.config';
import type { ThresholdBounds } from './thresholds.validation';

/** Inclusive bounds of one clinic threshold and why they are where they are. */
export interface ReasonedThresholdBounds extends ThresholdBounds {
  readonly max: number;
  /** The clinical (or arithmetic) reason for the range, from clinical-reference.md where it applies. */
  readonly reason: string;
}

/**
 * Every clinic-configurable threshold with its inclusive range. A clinic may move a default within
 * the range; outside it the value is no longer the rule clinical-reference.md describes (or no
 * longer a date the database can compute with). `PATCH /api/clinics/current` refuses values outside
 * (400 naming the field); read paths clamp a stored value into the range ({@link clampFlagThresholds}).
 */
export const THRESHOLD_BOUNDS: Readonly<Record<keyof FlagThresholds, ReasonedThresholdBounds>> = Object.freeze({
  baselineLookbackDays: {
    min: 0,
    max: 90,
    reason:
      'Baseline = first score in the episode "or within 14 days before enrolment" (clinical-reference.md §Measurement-based care rules); a score older than a quarter no longer describes the state at enrolment.',
  },
  responseReductionPercent: {
    min: 1,
    max: 100,
    reason:
      'Response is a percentage reduction from baseline (≥50%, clinical-reference.md §Measurement-based care rules).',
  },
  worseningPoints: {
    min: 1,
    max: 27,
    reason:
      'Worsening = an increase of ≥5 points (reliable change on the PHQ-9 ≈ 5–6); the PHQ-9 total spans 0–27 (clinical-reference.md §Instruments).',
  },
  targetWeeks: {
    min: 1,
    max: 52,
    reason: 'Response is expected after 10–12 weeks on the plan (AIMS Center); outcome measures look at 12 months.',
  },
  notImprovingEarlyWeeks: {
    min: 0,
    max: 52,
    reason:
      'Early signal at week 8 for non-responders (WA state CoCM registry, Bao et al. 2015); within the first year.',
  },
  notImprovingWeeks: {
    min: 1,
    max: 52,
    reason: '< 50% improvement after 10–12 weeks on the plan → consultant review (AIMS Center); within the first year.',
  },
  noContactDays: {
    min: 0,
    max: 365,
    reason:
      'Flag patients with no contact in the last 30 days (at least one contact each calendar month); at most a year.',
  },
  noScoreDays: {
    min: 0,
    max: 365,
    reason: 'Flag patients with no score in the last 30 days (a scale at least monthly); at most a year.',
  },
  firstFollowUpDays: {
    min: 0,
    max: 365,
    reason: 'First follow-up contact within 4 weeks (28 days) of the initial assessment; at most a year.',
  },
  reviewOverdueDays: {
    min: 0,
    max: 365,
    reason:
      'Every active patient not improved should have had a consultant review in the last 60 days (NYS); at most a year.',
  },
  caseloadCapacity: {
    min: 1,
    max: 300,
    reason:
      '> 75 patients per full-time care manager is a warning (NYS); at least one patient, at most four times that.',
  },
  routineReviewDays: {
    min: 7,
    max: 365,
    reason:
      'The agenda is weekly (a week at least); the review cadence is 60 days (NYS consultation rate), a year at most.',
  },
});
