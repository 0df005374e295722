/**
 * States of a collaborative-care episode. Per clinical-reference.md §Measurement-based care rules:
 * referred → enrolled (consent date) → active treatment → relapse-prevention plan → discharged.
 */
export const EpisodeStatus = {
  REFERRED: 'referred',
  ENROLLED: 'enrolled',
  ACTIVE: 'active',
  RELAPSE_PREVENTION: 'relapse_prevention',
  DISCHARGED: 'discharged',
} as const;
/** One of {@link EpisodeStatus}'s values. */
export type EpisodeStatus = (typeof EpisodeStatus)[keyof typeof EpisodeStatus];

/** Episode states in which the patient is on the caseload (enrolled, not discharged). */
export const ACTIVE_EPISODE_STATUSES: readonly EpisodeStatus[] = [
  EpisodeStatus.ENROLLED,
  EpisodeStatus.ACTIVE,
  EpisodeStatus.RELAPSE_PREVENTION,
];

/** Roles of the collaborative-care team. */
export const StaffRole = {
  CARE_MANAGER: 'care_manager',
  PSYCHIATRIC_CONSULTANT: 'psychiatric_consultant',
  PCP: 'pcp',
  LEADERSHIP: 'leadership',
  ADMIN: 'admin',
  /** A waiting-room tablet of the clinic (issue #16): redeems one-time codes for the self-report form, nothing else. */
  KIOSK: 'kiosk',
  /** Leadership of an organisation (health system): every clinic of it side by side, aggregates only (issue #17). */
  ORG_LEADERSHIP: 'org_leadership',
} as const;
/** One of {@link StaffRole}'s values. */
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];

/** Kinds of care-manager contact. */
export const ContactType = {
  INITIAL_ASSESSMENT: 'initial_assessment',
  FOLLOW_UP: 'follow_up',
  RELAPSE_PREVENTION: 'relapse_prevention',
  /** An attempt that did not reach the patient (not a contact for engagement rules). */
  OUTREACH_ATTEMPT: 'outreach_attempt',
  /** Coordination with other providers, not with the patient (not a patient contact). */
  CARE_COORDINATION: 'care_coordination',
} as const;
/** One of {@link ContactType}'s values. */
export type ContactType = (typeof ContactType)[keyof typeof ContactType];

/** Contact types that count as a contact with the patient for engagement flags and metrics. */
export const PATIENT_CONTACT_TYPES: readonly ContactType[] = [
  ContactType.INITIAL_ASSESSMENT,
  ContactType.FOLLOW_UP,
  ContactType.RELAPSE_PREVENTION,
];

/** How a contact took place. */
export const ContactModality = {
  IN_PERSON: 'in_person',
  PHONE: 'phone',
  VIDEO: 'video',
  PORTAL_MESSAGE: 'portal_message',
} as const;
/** One of {@link ContactModality}'s values. */
export type ContactModality = (typeof ContactModality)[keyof typeof ContactModality];

/** Kinds of psychiatric-consultant recommendation made at a caseload review. */
export const RecommendationType = {
  MEDICATION_START: 'medication_start',
  MEDICATION_CHANGE: 'medication_change',
  DOSE_CHANGE: 'dose_change',
  MEDICATION_STOP: 'medication_stop',
  PSYCHOTHERAPY: 'psychotherapy',
  SPECIALTY_REFERRAL: 'specialty_referral',
  DIAGNOSTIC_WORKUP: 'diagnostic_workup',
  SAFETY_PLAN: 'safety_plan',
  CONTINUE_CURRENT_PLAN: 'continue_current_plan',
  OTHER: 'other',
} as const;
/** One of {@link RecommendationType}'s values. */
export type RecommendationType = (typeof RecommendationType)[keyof typeof RecommendationType];

/**
 * Lifecycle of a consultant recommendation (issue #11): made (new) → accepted or declined (with a
 * reason) by the patient's PCP → implemented (by the care manager or the PCP). `declined` and
 * `implemented` are final.
 */
export const RecommendationStatus = {
  NEW: 'new',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  IMPLEMENTED: 'implemented',
} as const;
/** One of {@link RecommendationStatus}'s values. */
export type RecommendationStatus = (typeof RecommendationStatus)[keyof typeof RecommendationStatus];
