import type { InstrumentId, ScorePoint } from './instrument.types';

/**
 * Measurement-based-care measures of one episode for one instrument (`computeEpisodeMeasures`).
 * Outcome fields are `null` (never `NaN`) when they cannot be computed: no follow-up score yet,
 * a baseline of 0 for percentages, or an instrument without remission/"improved" cut-offs.
 */
export interface EpisodeMeasures {
  instrumentId: InstrumentId;
  /** First score in the episode, or within the look-back days before enrolment. */
  baseline: ScorePoint | null;
  /** Most recent score in the episode (equals the baseline when there is no follow-up). */
  latest: ScorePoint | null;
  /** Score before the latest, if any. */
  previous: ScorePoint | null;
  /** Scores after the baseline. */
  followUpCount: number;
  /** Days from enrolment to `asOf` (or discharge, if earlier); never negative. */
  daysInTreatment: number;
  /** Whole weeks in treatment (`floor(daysInTreatment / 7)`). */
  weeksInTreatment: number;
  /** `latest − baseline` (negative = improvement). */
  change: number | null;
  /** `change / baseline × 100` (negative = improvement); `null` if the baseline is 0. */
  percentChange: number | null;
  /** ≥ the response reduction (default 50%) from baseline. */
  response: boolean | null;
  /** Latest below the instrument's remission cut-off (PHQ-9/GAD-7 < 5). */
  remission: boolean | null;
  /** NYS OMH "improved": response or latest below 10 (PHQ-9/GAD-7). */
  improved: boolean | null;
  /** Latest − previous ≥ the worsening threshold (default 5 points). */
  worsening: boolean | null;
  /** Highest score that meets the response target (`floor(baseline × 50%)`). */
  targetScore: number | null;
  /** Score expected on the latest score's date on a straight line from baseline to target. */
  expectedScore: number | null;
  /** Latest at or below the expected trajectory. */
  onTrack: boolean | null;
}
