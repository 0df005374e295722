import type { EpisodeMeasures, IsoDate } from '@huddle/shared-types';
import type { FlagThresholds } from './flag-thresholds.config';
import type { FlagAssessmentInput, FlagEpisodeInput } from './patient-flag-context.model';

/**
 * What the rules read about the episode's history, reduced to the few facts they depend on. From a
 * full history `evaluateFlags` derives them; from a summary computed in SQL `evaluateSummaryFlags`
 * takes them as they are — no history is rebuilt to reach the same flags.
 */
export interface FlagFacts {
  /** Safety answers and incomplete forms (any other assessment may be present; the rules filter). */
  readonly attention: readonly FlagAssessmentInput[];
  /** Day of the last complete outcome-instrument score on or before `asOf`. */
  readonly lastOutcomeScoreDay: number | null;
  /** Day of the last patient contact on or before `asOf`. */
  readonly lastPatientContactDay: number | null;
  /** Day of the care manager's initial assessment (explicit, first initial-assessment contact, else enrolment). */
  readonly initialAssessmentDay: number | null;
  /** Day of the last consultant review on or before `asOf`. */
  readonly lastReviewDay: number | null;
}

/** What every patient-level flag rule receives (prepared once by `evaluateFlags`). */
export interface FlagRuleInput {
  readonly episode: FlagEpisodeInput;
  readonly facts: FlagFacts;
  readonly thresholds: FlagThresholds;
  readonly asOf: IsoDate;
  readonly asOfDay: number;
  /** Day number of a date; throws a validation error naming the date on bad input. */
  readonly dayOf: (date: IsoDate) => number;
  /** Enrolment day number, `null` while referred. */
  readonly enrolledDay: number | null;
  /** Measures of the tracking instrument, `null` while not enrolled. */
  readonly measures: EpisodeMeasures | null;
}
