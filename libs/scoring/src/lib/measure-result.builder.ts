import type { MeasureId, MeasureReasonCode, MeasureResult, PatientMeasureExplanation } from '@huddle/shared-types';

type Details = PatientMeasureExplanation['details'];

/** Patient out of the denominator. */
export function excluded(
  patientId: string,
  reasonCode: MeasureReasonCode,
  reason: string,
  details: Details = {},
): PatientMeasureExplanation {
  return { patientId, inDenominator: false, inNumerator: false, reasonCode, reason, details };
}

/** Patient in the denominator, and in the numerator when `met`. */
export function counted(
  patientId: string,
  met: boolean,
  reasonCode: MeasureReasonCode,
  reason: string,
  details: Details = {},
): PatientMeasureExplanation {
  return { patientId, inDenominator: true, inNumerator: met, reasonCode, reason, details };
}

/** Proportion result: numerator / denominator over the explanations (`rate` null when 0/0). */
export function proportionResult(measureId: MeasureId, patients: PatientMeasureExplanation[]): MeasureResult {
  const denominator = patients.filter((p) => p.inDenominator).length;
  const numerator = patients.filter((p) => p.inDenominator && p.inNumerator).length;
  return {
    measureId,
    unit: 'proportion',
    numerator,
    denominator,
    rate: denominator === 0 ? null : numerator / denominator,
    patients,
  };
}

/** Patient in the denominator but not the numerator. */
export function notMet(
  patientId: string,
  reasonCode: MeasureReasonCode,
  reason: string,
  details: Details = {},
): PatientMeasureExplanation {
  return counted(patientId, false, reasonCode, reason, details);
}
