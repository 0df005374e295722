import type { StaffRole } from '@huddle/shared-types';
import type { PatientAction } from './patient-action.dialog';

/** Quick actions each role may take on a patient (mirrors the API permissions). */
export const PATIENT_ACTIONS_BY_ROLE: Readonly<Record<StaffRole, readonly PatientAction[]>> = {
  care_manager: ['assessment', 'contact', 'flag'],
  psychiatric_consultant: ['assessment', 'flag'],
  pcp: ['assessment'],
  leadership: [],
  admin: [],
  kiosk: [],
  org_leadership: [],
};

export function patientActionsFor(role: StaffRole | null): readonly PatientAction[] {
  return role ? PATIENT_ACTIONS_BY_ROLE[role] : [];
}
