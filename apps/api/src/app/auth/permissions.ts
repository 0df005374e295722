import type { StaffRole } from '@huddle/shared-types';

/**
 * What a route lets its caller do. Every route declares exactly one (`@RequirePermission`) or is
 * `@Public()`; the global guard denies anything else. Patient-level scoping (which patients) is a
 * second check, in `AccessService`.
 */
export const Permission = {
  /** Own session: profile, logout. */
  SELF: 'self',
  CLINIC_READ: 'clinic:read',
  CLINIC_ADMIN: 'clinic:admin',
  STAFF_READ: 'staff:read',
  STAFF_ADMIN: 'staff:admin',
  PATIENT_READ: 'patient:read',
  PATIENT_WRITE: 'patient:write',
  EPISODE_WRITE: 'episode:write',
  ASSESSMENT_WRITE: 'assessment:write',
  CONTACT_WRITE: 'contact:write',
  FLAG_WRITE: 'flag:write',
  /** Correct or mark "entered in error" a score (issue #11; the original is kept). */
  RECORD_CORRECT: 'record:correct',
  CASELOAD_READ: 'caseload:read',
  /** Move open episodes between care managers (care managers: patients they see; admins: whole caseloads, counts only). */
  CASELOAD_TRANSFER: 'caseload:transfer',
  REVIEW_READ: 'review:read',
  REVIEW_WRITE: 'review:write',
  /** Answer (PCP) or mark implemented (care manager, PCP) a recommendation; the inbox of new ones. */
  RECOMMENDATION_UPDATE: 'recommendation:update',
  /**
   * Psychotropic medication list and relapse-prevention plan (issue #11): the care manager, the
   * consultant and the PCP (who prescribes in CoCM) record them.
   */
  CARE_RECORD_WRITE: 'care-record:write',
  /** Aggregates only: outcomes, quality measures, billing summaries. No patient identifiers. */
  OUTCOMES_READ: 'outcomes:read',
  /**
   * The clinic's monthly CoCM billing worklist: every patient of the month with minutes and codes, so
   * claims can be submitted (issue #11). Patient identifiers, clinic-wide, read-only; audited as a list
   * read of the patients shown. Leadership only (docs/adr/0007-billing-worklist-access.md).
   */
  BILLING_WORKLIST_READ: 'billing:worklist',
  AUDIT_READ: 'audit:read',
  /**
   * Import patients and scores (FHIR Bundles at `POST /fhir/R4`, CSV files; issue #15): care managers
   * (their caseload, new patients on it) and admins (the clinic's feed; answers carry ids only).
   */
  IMPORT_WRITE: 'import:write',
  /** Send a patient a self-report link, make a kiosk code (issue #16). */
  SELF_REPORT_SEND: 'self-report:send',
  /** A clinic's waiting-room kiosk: redeem one-time codes for the self-report form, nothing else. */
  KIOSK_USE: 'kiosk:use',
  /** Record a screening visit (PHQ-2/GAD-2, AUDIT-C, PC-PTSD-5 …), its follow-up plan and referral (issue #17). */
  SCREENING_WRITE: 'screening:write',
  /** Enter a patient's ED visits and hospital admissions (issue #17). */
  UTILIZATION_WRITE: 'utilization:write',
  /** Every clinic of the caller's organisation side by side: aggregates only, no patient-level field (issue #17). */
  ORGANISATION_READ: 'organisation:read',
  /** Team huddle (issue #17): put a patient on it, record its note and tasks; my task list. */
  HUDDLE: 'huddle:use',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const P = Permission;

/** The role matrix (issue #5). Admins manage users, clinics and thresholds but see no clinical data. */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  care_manager: [
    P.SELF,
    P.CLINIC_READ,
    P.STAFF_READ,
    P.PATIENT_READ,
    P.PATIENT_WRITE,
    P.EPISODE_WRITE,
    P.ASSESSMENT_WRITE,
    P.CONTACT_WRITE,
    P.FLAG_WRITE,
    P.RECORD_CORRECT,
    P.CASELOAD_READ,
    P.CASELOAD_TRANSFER,
    P.REVIEW_READ,
    P.RECOMMENDATION_UPDATE,
    P.CARE_RECORD_WRITE,
    P.IMPORT_WRITE,
    P.SELF_REPORT_SEND,
    P.SCREENING_WRITE,
    P.UTILIZATION_WRITE,
    P.HUDDLE,
  ],
  psychiatric_consultant: [
    P.SELF,
    P.CLINIC_READ,
    P.STAFF_READ,
    P.PATIENT_READ,
    P.ASSESSMENT_WRITE,
    P.FLAG_WRITE,
    P.RECORD_CORRECT,
    P.CASELOAD_READ,
    P.REVIEW_READ,
    P.REVIEW_WRITE,
    P.CARE_RECORD_WRITE,
    P.HUDDLE,
  ],
  pcp: [
    P.SELF,
    P.CLINIC_READ,
    P.STAFF_READ,
    P.PATIENT_READ,
    P.ASSESSMENT_WRITE,
    P.REVIEW_READ,
    P.RECOMMENDATION_UPDATE,
    P.CARE_RECORD_WRITE,
    P.SELF_REPORT_SEND,
    P.SCREENING_WRITE,
    P.UTILIZATION_WRITE,
    P.HUDDLE,
  ],
  leadership: [P.SELF, P.CLINIC_READ, P.STAFF_READ, P.OUTCOMES_READ, P.BILLING_WORKLIST_READ],
  admin: [
    P.SELF,
    P.CLINIC_READ,
    P.CLINIC_ADMIN,
    P.STAFF_READ,
    P.STAFF_ADMIN,
    P.AUDIT_READ,
    P.CASELOAD_TRANSFER,
    P.IMPORT_WRITE,
  ],
  kiosk: [P.SELF, P.KIOSK_USE],
  org_leadership: [P.SELF, P.CLINIC_READ, P.ORGANISATION_READ],
};

export function roleHasPermission(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
