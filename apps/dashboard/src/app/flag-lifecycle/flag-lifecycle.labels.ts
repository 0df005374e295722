import type {
  FlagHistoryCode,
  FlagHistoryEntry,
  SafetyAssessmentMethod,
  SafetyDisposition,
  SafetyPlanAction,
  SafetyRiskLevel,
} from '@huddle/shared-types';

export const METHOD_LABELS: Readonly<Record<SafetyAssessmentMethod, string>> = {
  cssrs_screener: 'C-SSRS screener',
  clinical_interview: 'Clinical interview',
  other: 'Other',
};
export const RISK_LABELS: Readonly<Record<SafetyRiskLevel, string>> = {
  none: 'No current risk',
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
  imminent: 'Imminent',
};
export const PLAN_LABELS: Readonly<Record<SafetyPlanAction, string>> = {
  created: 'Safety plan created',
  reviewed: 'Safety plan reviewed',
  not_indicated: 'Not indicated',
  declined: 'Patient declined',
};
export const DISPOSITION_LABELS: Readonly<Record<SafetyDisposition, string>> = {
  continue_outpatient: 'Continue outpatient care',
  same_day_evaluation: 'Same-day evaluation',
  emergency_department: 'Emergency department',
};
export const FLAG_LABELS: Readonly<Record<FlagHistoryCode, string>> = {
  SAFETY: 'Safety answer',
  INCOMPLETE_FORM_NEEDS_REVIEW: 'Incomplete form',
  SAFETY_CONCERN: 'Safety concern',
  DISCUSS_WITH_CONSULTANT: 'Review requested',
};
export const CLEARED_LABELS: Readonly<Record<NonNullable<FlagHistoryEntry['clearedHow']>, string>> = {
  safety_follow_up: 'Safety follow-up',
  review: 'Consultant review',
  resolved: 'Resolved',
  corrected: 'Form corrected',
  entered_in_error: 'Entered in error',
};

/** `{ value, label }` pairs of a label map, in declaration order. */
export function options<K extends string>(labels: Readonly<Record<K, string>>): Array<{ value: K; label: string }> {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}
