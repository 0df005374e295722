import {
  ACTIVE_EPISODE_STATUSES,
  PATIENT_CONTACT_TYPES,
  type ContactType,
  type EpisodeStatus,
  type InstrumentId,
} from '@huddle/shared-types';
import { DEFAULT_EPISODE_MEASURE_THRESHOLDS } from './episode-measures.calculator';
import { INSTRUMENTS } from './instrument.registry';
import { THRESHOLD_BOUNDS } from './threshold-bounds.const';

/** Instrument whose totals track progress in the flag rules and caseload (PHQ-9). */
export const TRACKING_INSTRUMENT_ID: InstrumentId = 'PHQ9';

/** Second instrument whose baseline/latest the caseload shows (GAD-7, anxiety). */
export const ANXIETY_INSTRUMENT_ID: InstrumentId = 'GAD7';

/** Instruments whose complete scores count as outcome measurement (NO_SCORE_30D, last outcome score). */
export const OUTCOME_INSTRUMENT_IDS: readonly InstrumentId[] = Object.freeze(
  Object.values(INSTRUMENTS)
    .filter((instrument) => instrument.tracksOutcome)
    .map((instrument) => instrument.id),
);

/**
 * Every input of the rules that SQL needs as a constant (the episode summary maintained by triggers
 * cannot take request parameters). The API writes this into the database (`scoring_constants()`,
 * migration 1764000014000) and a test fails when the database's copy drifts from this object.
 */
export interface ScoringConstants {
  readonly baselineLookbackDays: number;
  readonly baselineLookbackMinDays: number;
  readonly baselineLookbackMaxDays: number;
  readonly trackingInstrument: InstrumentId;
  readonly anxietyInstrument: InstrumentId;
  readonly outcomeInstruments: readonly InstrumentId[];
  readonly activeEpisodeStatuses: readonly EpisodeStatus[];
  readonly patientContactTypes: readonly ContactType[];
}

/** The library's values of {@link ScoringConstants}. */
export const SCORING_CONSTANTS: ScoringConstants = Object.freeze({
  baselineLookbackDays: DEFAULT_EPISODE_MEASURE_THRESHOLDS.baselineLookbackDays,
  baselineLookbackMinDays: THRESHOLD_BOUNDS.baselineLookbackDays.min,
  baselineLookbackMaxDays: THRESHOLD_BOUNDS.baselineLookbackDays.max,
  trackingInstrument: TRACKING_INSTRUMENT_ID,
  anxietyInstrument: ANXIETY_INSTRUMENT_ID,
  outcomeInstruments: OUTCOME_INSTRUMENT_IDS,
  activeEpisodeStatuses: ACTIVE_EPISODE_STATUSES,
  patientContactTypes: PATIENT_CONTACT_TYPES,
});
