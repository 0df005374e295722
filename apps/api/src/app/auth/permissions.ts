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
  CASELOAD_READ: 'caseload:read',
  /** Move open episodes between care managers (care managers: patients they see; admins: whole caseloads, counts only). */
  CASELOAD_TRANSFER: 'caseload:transfer',
  REVIEW_READ: 'review:read',
  REVIEW_WRITE: 'review:write',
  RECOMMENDATION_UPDATE: 'recommendation:update',
  /** Aggregates only: outcomes, quality measures, billing summaries. No patient identifiers. */
  OUTCOMES_READ: 'outcomes:read',
  AUDIT_READ: 'audit:read',
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
    P.CASELOAD_READ,
    P.CASELOAD_TRANSFER,
    P.REVIEW_READ,
    P.RECOMMENDATION_UPDATE,
  ],
  psychiatric_consultant: [
    P.SELF,
    P.CLINIC_READ,
    P.STAFF_READ,
    P.PATIENT_READ,
    P.ASSESSMENT_WRITE,
    P.FLAG_WRITE,
    P.CASELOAD_READ,
    P.REVIEW_READ,
    P.REVIEW_WRITE,
    P.RECOMMENDATION_UPDATE,
  ],
  pcp: [
    P.SELF,
    P.CLINIC_READ,
    P.STAFF_READ,
    P.PATIENT_READ,
    P.ASSESSMENT_WRITE,
    P.REVIEW_READ,
    P.RECOMMENDATION_UPDATE,
  ],
  leadership: [P.SELF, P.CLINIC_READ, P.STAFF_READ, P.OUTCOMES_READ],
  admin: [P.SELF, P.CLINIC_READ, P.CLINIC_ADMIN, P.STAFF_READ, P.STAFF_ADMIN, P.AUDIT_READ, P.CASELOAD_TRANSFER],
};

export function roleHasPermission(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
