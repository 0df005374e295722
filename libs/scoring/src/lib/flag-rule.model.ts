import type { EpisodeMeasures, IsoDate } from '@huddle/shared-types';
import type { FlagThresholds } from './flag-thresholds.config';
import type { PatientFlagContext } from './patient-flag-context.model';

/** What every patient-level flag rule receives (prepared once by `evaluateFlags`). */
export interface FlagRuleInput {
  readonly patient: PatientFlagContext;
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
