import type { StaffRole } from '@huddle/shared-types';

/** One entry of the main navigation. */
export interface NavItem {
  label: string;
  /** Absolute router path. */
  path: string;
}

const CASELOAD: NavItem = { label: 'Caseload', path: '/caseload' };
const REVIEW: NavItem = { label: 'Weekly review', path: '/review' };
const OUTCOMES: NavItem = { label: 'Outcomes', path: '/outcomes' };
const ADMIN: NavItem = { label: 'Administration', path: '/admin' };
const MY_PATIENTS: NavItem = { label: 'My patients', path: '/patients' };
const OVERVIEW: NavItem = { label: 'Registry overview', path: '/overview' };
const SELF_REPORT: NavItem = { label: 'Self-report', path: '/self-report' };
const KIOSK: NavItem = { label: 'Kiosk', path: '/kiosk' };
const IMPORT: NavItem = { label: 'Import', path: '/import' };
const SCREENING: NavItem = { label: 'Screening', path: '/screening' };
const SCREENING_LEADERSHIP: NavItem = { label: 'Screening & handoffs', path: '/screening-outcomes' };
const ORGANISATION: NavItem = { label: 'Health system', path: '/organisation' };
const HUDDLE: NavItem = { label: 'Team huddle', path: '/huddle' };
const TASKS: NavItem = { label: 'My tasks', path: '/tasks' };

/**
 * Main navigation per role, landing page first. Care managers work their caseload; consultants run
 * the weekly review and can open the caseloads they cover; leadership see aggregate outcomes only;
 * admins get the administration landing; PCPs land on their own patients.
 */
export const ROLE_NAVIGATION: Readonly<Record<StaffRole, readonly NavItem[]>> = {
  care_manager: [CASELOAD, SELF_REPORT, SCREENING, HUDDLE, TASKS, IMPORT],
  psychiatric_consultant: [REVIEW, { ...CASELOAD, label: 'Caseloads' }, HUDDLE, TASKS],
  leadership: [OUTCOMES, OVERVIEW, SCREENING_LEADERSHIP],
  admin: [ADMIN, OVERVIEW, IMPORT],
  pcp: [MY_PATIENTS, OVERVIEW, SCREENING, HUDDLE, TASKS],
  kiosk: [KIOSK],
  org_leadership: [ORGANISATION],
};

/** Human name of each role. */
export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  care_manager: 'Care manager',
  psychiatric_consultant: 'Psychiatric consultant',
  pcp: 'Primary care provider',
  leadership: 'Leadership',
  admin: 'Administrator',
  kiosk: 'Kiosk',
  org_leadership: 'Organisation leadership',
};

export function navigationFor(role: StaffRole): readonly NavItem[] {
  return ROLE_NAVIGATION[role];
}

/** The page a role lands on after sign-in. */
export function homePathFor(role: StaffRole): string {
  return ROLE_NAVIGATION[role][0]?.path ?? '/overview';
}

/** Roles allowed on each guarded feature (mirrors the API's permissions). */
export const FEATURE_ROLES = {
  caseload: ['care_manager', 'psychiatric_consultant'],
  patient: ['care_manager', 'psychiatric_consultant', 'pcp'],
  review: ['psychiatric_consultant'],
  outcomes: ['leadership'],
  admin: ['admin'],
  /** The due-and-missing worklist (API: caseload:read). */
  selfReport: ['care_manager', 'psychiatric_consultant'],
  kiosk: ['kiosk'],
  /** CSV and FHIR imports (API: import:write). */
  import: ['care_manager', 'admin'],
  /** Universal screening (API: screening:write). */
  screening: ['care_manager', 'pcp'],
  /** Leadership's screening, CMS2, warm handoffs and utilization view (API: outcomes:read). */
  screeningOutcomes: ['leadership'],
  /** The health-system view (API: organisation:read). */
  organisation: ['org_leadership'],
  /** Team huddle and my tasks (API: huddle:use). */
  huddle: ['care_manager', 'psychiatric_consultant', 'pcp'],
} as const satisfies Record<string, readonly StaffRole[]>;

/**
 * A safe in-app return path from the `returnUrl` query parameter: only absolute app paths
 * (`/…`, not `//host`) and never back to the login page.
 */
export function safeReturnPath(returnUrl: string | null | undefined): string | null {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) {
    return null;
  }
  return returnUrl.startsWith('/login') ? null : returnUrl;
}
