import type {
  AgendaBucket,
  ContactModality,
  ContactType,
  EpisodeStatus,
  FlagCode,
  FlagSeverity,
  ManualFlagCode,
  RecommendationStatus,
  RecommendationType,
} from '@huddle/shared-types';

/** Short chip text per flag code; the "why" comes from the flag's evidence reason. */
export const FLAG_LABELS: Readonly<Record<FlagCode | ManualFlagCode, string>> = {
  SAFETY: 'Safety',
  NOT_IMPROVING_EARLY: 'Not improving (early)',
  NOT_IMPROVING: 'Not improving',
  WORSENING: 'Worsening',
  NO_CONTACT_30D: 'No contact 30d',
  NO_SCORE_30D: 'No score 30d',
  FIRST_FOLLOW_UP_OVERDUE: 'Follow-up overdue',
  NEVER_REVIEWED: 'Never reviewed',
  REVIEW_OVERDUE: 'Review overdue',
  INCOMPLETE_FORM_NEEDS_REVIEW: 'Incomplete form',
  CASELOAD_OVER_CAPACITY: 'Over capacity',
  DISCUSS_WITH_CONSULTANT: 'Review requested',
  SAFETY_CONCERN: 'Safety concern',
};

export const SEVERITY_LABELS: Readonly<Record<FlagSeverity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const EPISODE_STATUS_LABELS: Readonly<Record<EpisodeStatus, string>> = {
  referred: 'Referred',
  enrolled: 'Enrolled',
  active: 'Active treatment',
  relapse_prevention: 'Relapse prevention',
  discharged: 'Discharged',
};

export const RECOMMENDATION_TYPE_LABELS: Readonly<Record<RecommendationType, string>> = {
  medication_start: 'Start medication',
  medication_change: 'Change medication',
  dose_change: 'Change dose',
  medication_stop: 'Stop medication',
  psychotherapy: 'Psychotherapy',
  specialty_referral: 'Specialty referral',
  diagnostic_workup: 'Diagnostic work-up',
  safety_plan: 'Safety plan',
  continue_current_plan: 'Continue current plan',
  other: 'Other',
};

export const RECOMMENDATION_STATUS_LABELS: Readonly<Record<RecommendationStatus, string>> = {
  new: 'New',
  accepted: 'Accepted by PCP',
  declined: 'Declined by PCP',
  implemented: 'Implemented',
};

export const CONTACT_TYPE_LABELS: Readonly<Record<ContactType, string>> = {
  initial_assessment: 'Initial assessment',
  follow_up: 'Follow-up',
  relapse_prevention: 'Relapse prevention',
  outreach_attempt: 'Outreach attempt',
  care_coordination: 'Care coordination',
};

export const CONTACT_MODALITY_LABELS: Readonly<Record<ContactModality, string>> = {
  in_person: 'In person',
  phone: 'Phone',
  video: 'Video',
  portal_message: 'Portal message',
};

export const AGENDA_BUCKET_LABELS: Readonly<Record<AgendaBucket, string>> = {
  safety: 'Safety',
  new_never_reviewed: 'New, never reviewed',
  not_improving: 'Not improving',
  care_manager_request: 'Requested by care manager',
  longest_since_review: 'Longest since review',
};

/** Options for a `mat-select` from a label record, in declaration order. */
export function optionsOf<K extends string>(labels: Readonly<Record<K, string>>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

/** `Lastname, Given` for lists. */
export function patientName(p: { givenName: string; familyName: string }): string {
  return `${p.familyName}, ${p.givenName}`;
}

let languageNames: Intl.DisplayNames | undefined;

/**
 * A preferred language as people name it ("Arabic", "Brazilian Portuguese") from its stored language tag
 * (`ar`, `pt-BR`); the tag itself when the browser knows no name for it.
 */
export function languageName(tag: string): string {
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    return languageNames.of(tag) ?? tag;
  } catch {
    // Not a well-formed tag (older records): shown as stored.
    return tag;
  }
}
