/** Population quality measures. Per clinical-reference.md §Quality measures (leadership). */
export const MeasureId = {
  HEDIS_DRR_E_FOLLOW_UP: 'HEDIS_DRR_E_FOLLOW_UP',
  HEDIS_DRR_E_REMISSION: 'HEDIS_DRR_E_REMISSION',
  HEDIS_DRR_E_RESPONSE: 'HEDIS_DRR_E_RESPONSE',
  CMS159_REMISSION_12M: 'CMS159_REMISSION_12M',
  CBE1885_RESPONSE_12M: 'CBE1885_RESPONSE_12M',
  NYS_IMPROVEMENT_RATE: 'NYS_IMPROVEMENT_RATE',
  NYS_MONTHLY_CONTACT_WITH_SCALE: 'NYS_MONTHLY_CONTACT_WITH_SCALE',
  NYS_CONSULTATION_RATE: 'NYS_CONSULTATION_RATE',
  NYS_AVERAGE_TREATMENT_DURATION: 'NYS_AVERAGE_TREATMENT_DURATION',
  NYS_SCREENING_YIELD: 'NYS_SCREENING_YIELD',
} as const;
/** One of {@link MeasureId}'s values. */
export type MeasureId = (typeof MeasureId)[keyof typeof MeasureId];

/** Stable reasons why a patient is in or out of a measure's denominator and numerator. */
export const MeasureReasonCode = {
  // Out of the denominator
  NO_DEPRESSION_DIAGNOSIS: 'NO_DEPRESSION_DIAGNOSIS',
  NO_INDEX_EVENT: 'NO_INDEX_EVENT',
  EXCLUDED: 'EXCLUDED',
  WINDOW_NOT_CLOSED: 'WINDOW_NOT_CLOSED',
  NOT_ENROLLED_IN_PERIOD: 'NOT_ENROLLED_IN_PERIOD',
  ENROLLED_TOO_SHORT: 'ENROLLED_TOO_SHORT',
  NOT_ACTIVE: 'NOT_ACTIVE',
  ALREADY_IMPROVED: 'ALREADY_IMPROVED',
  NOT_DISCHARGED: 'NOT_DISCHARGED',
  NOT_SCREENED: 'NOT_SCREENED',
  // In the denominator, not the numerator
  NO_SCORE_IN_WINDOW: 'NO_SCORE_IN_WINDOW',
  NOT_IN_REMISSION: 'NOT_IN_REMISSION',
  NO_RESPONSE: 'NO_RESPONSE',
  NO_SCORES: 'NO_SCORES',
  NO_FOLLOW_UP_SCORE: 'NO_FOLLOW_UP_SCORE',
  NOT_IMPROVED: 'NOT_IMPROVED',
  NO_CONTACT_WITH_SCALE: 'NO_CONTACT_WITH_SCALE',
  NO_REVIEW_IN_WINDOW: 'NO_REVIEW_IN_WINDOW',
  SCREENED_NEGATIVE: 'SCREENED_NEGATIVE',
  // In the numerator
  FOLLOW_UP_RECORDED: 'FOLLOW_UP_RECORDED',
  REMISSION_MET: 'REMISSION_MET',
  RESPONSE_MET: 'RESPONSE_MET',
  IMPROVED: 'IMPROVED',
  CONTACT_WITH_SCALE: 'CONTACT_WITH_SCALE',
  REVIEWED_IN_WINDOW: 'REVIEWED_IN_WINDOW',
  DISCHARGED: 'DISCHARGED',
  SCREENED_POSITIVE: 'SCREENED_POSITIVE',
} as const;
/** One of {@link MeasureReasonCode}'s values. */
export type MeasureReasonCode = (typeof MeasureReasonCode)[keyof typeof MeasureReasonCode];

/** Why one patient is (or is not) counted by a measure. */
export interface PatientMeasureExplanation {
  patientId: string;
  inDenominator: boolean;
  /** Always `false` when `inDenominator` is `false`. */
  inNumerator: boolean;
  reasonCode: MeasureReasonCode;
  /** Short English explanation. */
  reason: string;
  /** Dates and scores behind the decision (index date, window, qualifying score, …). */
  details: Record<string, string | number | boolean | null>;
}

/**
 * Result of a population measure. For `unit: 'proportion'`, `rate = numerator / denominator`
 * (0–1). For `unit: 'days'` (average treatment duration) the numerator is the summed days and
 * `rate` the mean. `rate` is `null` when the denominator is 0.
 */
export interface MeasureResult {
  measureId: MeasureId;
  unit: 'proportion' | 'days';
  numerator: number;
  denominator: number;
  rate: number | null;
  patients: PatientMeasureExplanation[];
}

/**
 * Why a population measure has no eligible patient (denominator 0): the first condition, in the order
 * the measure applies them, that no patient of the index period passed, with the counts behind it.
 */
export interface MeasureEmptyReason {
  code: Extract<MeasureReasonCode, 'NO_INDEX_EVENT' | 'NO_DEPRESSION_DIAGNOSIS' | 'EXCLUDED' | 'WINDOW_NOT_CLOSED'>;
  /** The index score is a PHQ-9 above this (9). */
  indexAbove: number;
  /** Patients with a complete PHQ-9 in the index period. */
  patientsScored: number;
  /** …of whom had a PHQ-9 above `indexAbove` there (an index event). */
  patientsWithIndexScore: number;
  /** …of whom have a depression diagnosis. */
  patientsWithDiagnosis: number;
  /** …of whom are excluded (bipolar disorder). */
  patientsExcluded: number;
  /** Eligible patients whose follow-up window has not closed. */
  windowNotClosed: number;
}

/** One stratum of Huddle's CMS159 (eCQM definitions): the measure's population counts. */
export interface Cms159StratumCounts {
  /** `all` (the whole population), `12-17` (Stratification 1) or `18+` (Stratification 2). */
  stratum: 'all' | '12-17' | '18+';
  initialPopulation: number;
  denominator: number;
  denominatorExclusion: number;
  numerator: number;
  /** Numerator ÷ (denominator − exclusions); null when nobody is left in the denominator. */
  rate: number | null;
}

/** `GET /api/outcomes/cms159`: CMS159 per the eCQM's own definitions, clinic-wide, counts only. */
export interface Cms159Summary {
  measure: 'CMS159';
  /** The published eCQM the counts follow. */
  measureUrl: string;
  periodStart: string;
  periodEnd: string;
  /** All, 12–17, 18+; empty when the measure cannot be evaluated here (see `unavailable`). */
  strata: Cms159StratumCounts[];
  /** Why the measure is not evaluated (its value sets are not configured), else absent. */
  unavailable?: string;
}
