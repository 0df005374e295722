import type { IsoDate } from './date.types';

/** Measurement instruments the registry scores. Per clinical-reference.md §Instruments. */
export const InstrumentId = {
  PHQ9: 'PHQ9',
  PHQ2: 'PHQ2',
  GAD7: 'GAD7',
  GAD2: 'GAD2',
  PCL5: 'PCL5',
  AUDITC: 'AUDITC',
} as const;
/** One of {@link InstrumentId}'s values. */
export type InstrumentId = (typeof InstrumentId)[keyof typeof InstrumentId];

/** How an assessment reached the registry. */
export const AssessmentSource = {
  CLINIC: 'clinic',
  PHONE: 'phone',
  PORTAL: 'portal',
  IMPORT: 'import',
  /** Completed by the patient on the self-report form (secure link or kiosk, issue #16). */
  PATIENT: 'patient',
} as const;
/** One of {@link AssessmentSource}'s values. */
export type AssessmentSource = (typeof AssessmentSource)[keyof typeof AssessmentSource];

/**
 * Administrative sex/gender as in FHIR `AdministrativeGender`. Used only where a scoring cut-off
 * differs by sex (AUDIT-C: ≥3 women, ≥4 otherwise).
 */
export const AdministrativeGender = {
  FEMALE: 'female',
  MALE: 'male',
  OTHER: 'other',
  UNKNOWN: 'unknown',
} as const;
/** One of {@link AdministrativeGender}'s values. */
export type AdministrativeGender = (typeof AdministrativeGender)[keyof typeof AdministrativeGender];

/** Severity band codes shared by the instruments that define bands (PHQ-9, GAD-7). */
export const SeverityCode = {
  MINIMAL: 'minimal',
  MILD: 'mild',
  MODERATE: 'moderate',
  MODERATELY_SEVERE: 'moderately_severe',
  SEVERE: 'severe',
} as const;
/** One of {@link SeverityCode}'s values. */
export type SeverityCode = (typeof SeverityCode)[keyof typeof SeverityCode];

/** A severity band of an instrument total, inclusive on both ends. */
export interface SeverityBand {
  code: SeverityCode;
  label: string;
  min: number;
  max: number;
}

/** Result of scoring one administration of an instrument (`scoreAssessment`). */
export interface AssessmentScoreResult {
  instrumentId: InstrumentId;
  /** Sum of the scored items; `null` unless the form is complete. */
  total: number | null;
  /** Severity band of the total; `null` if incomplete or the instrument defines no bands. */
  severity: Pick<SeverityBand, 'code' | 'label'> | null;
  /**
   * `true`/`false` on a complete form. On an incomplete form `true` only when the answered items
   * alone already reach the cut-off (missing items can only add), otherwise `null`.
   */
  positiveScreen: boolean | null;
  /** The positive-screen cut-off that was applied (`total >= threshold`). */
  positiveScreenThreshold: number;
  /** All scored items answered. */
  complete: boolean;
  /** Scored items without an answer, in form order. */
  missingItems: string[];
  /** Safety item (PHQ-9 item 9) answered > 0, even on an incomplete form. */
  safetyRisk: boolean;
  /** Every item of the instrument in form order; unanswered items are `null`. */
  items: Record<string, number | null>;
}

/** A dated total of one instrument; `total` is `null` for an incomplete form. */
export interface DatedScore {
  date: IsoDate;
  total: number | null;
}

/** A dated total known to be present. */
export interface ScorePoint {
  date: IsoDate;
  total: number;
}
