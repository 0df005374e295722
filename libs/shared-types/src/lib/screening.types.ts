import type { IsoDate, YearMonth } from './date.types';
import type { RateCount } from './outcomes.types';
import type { StaffRef } from './patient-flags.types';

/** Universal screening, referrals and warm handoffs, utilization and the health-system view (issue #17). */

/** Kinds of follow-up plan for a positive depression screen (a handout alone does not count for CMS2). */
export type FollowUpPlanKindValue = 'referral' | 'medication' | 'other' | 'handout';
/** Why a depression screening was not done (CMS2 exceptions). */
export type ScreeningExceptionValue = 'patient_refused' | 'medical_reason';

/** One brief screener's result on a visit. */
export interface ScreenerResult {
  total: number;
  positive: boolean;
  /** The cut-off applied (clinic setting, sex-specific for AUDIT-C). */
  cutoff: number;
}

export interface ScreeningFollowUpPlan {
  kinds: FollowUpPlanKindValue[];
  on: IsoDate;
  note: string | null;
  /** Whether it counts as a follow-up plan (CMS2: not a handout alone). */
  counts: boolean;
}

export interface ScreeningReferralRecord {
  id: string;
  screeningVisitId: string;
  referredOn: IsoDate;
  referredBy: StaffRef;
  warmHandoff: boolean;
  handoffTakenBy: StaffRef | null;
  note: string | null;
  /** Days positive screen → referral → first behavioural-health contact → enrolment (null: not yet). */
  journey: {
    screenedOn: IsoDate;
    firstContactOn: IsoDate | null;
    enrolledOn: IsoDate | null;
    daysScreenToReferral: number;
    daysReferralToFirstContact: number | null;
    daysFirstContactToEnrolment: number | null;
    engaged: boolean;
  };
}

export interface ScreeningVisitRecord {
  id: string;
  patientId: string;
  visitOn: IsoDate;
  screenedBy: StaffRef;
  phq2: ScreenerResult | null;
  gad2: ScreenerResult | null;
  auditC: ScreenerResult | null;
  pcPtsd5: (ScreenerResult & { traumaExposure: boolean }) | null;
  /** Full instruments given after a positive screen (assessment ids). */
  phq9AssessmentId: string | null;
  gad7AssessmentId: string | null;
  pcl5AssessmentId: string | null;
  depressionPositive: boolean | null;
  anxietyPositive: boolean | null;
  /** Full instruments a positive brief screen calls for that this visit has not recorded. */
  pendingInstruments: Array<'PHQ9' | 'GAD7' | 'PCL5'>;
  depressionException: ScreeningExceptionValue | null;
  followUpPlan: ScreeningFollowUpPlan | null;
  /** Positive depression screen without a counting follow-up plan yet. */
  followUpPlanNeeded: boolean;
  referral: ScreeningReferralRecord | null;
  createdAt: string;
  version: number;
}

/** One calendar month of screening (clinic-local). */
export interface ScreeningMonth {
  month: YearMonth;
  visits: number;
  patientsScreened: number;
  depressionPositive: number;
  /** Positive depression screens with a counting follow-up plan on the visit date or up to 2 days after. */
  followUpPlanDocumented: number;
  anxietyPositive: number;
  alcoholPositive: number;
  ptsdPositive: number;
}

export interface Cms2Summary {
  period: { start: IsoDate; end: IsoDate };
  initialPopulation: number;
  exclusions: number;
  exceptions: number;
  denominator: number;
  numerator: number;
  rate: number | null;
}

export interface HandoffSummaryRecord {
  period: { start: IsoDate; end: IsoDate };
  referrals: number;
  warmHandoffs: RateCount;
  medianDaysToFirstContact: number | null;
  /** ≥ 2 completed contacts within 30 days of the first (libs/scoring ENGAGEMENT_RULE). */
  engaged: RateCount;
}

export interface UtilizationCohortCounts {
  patients: number;
  edVisits: number;
  patientsWithEdVisit: number;
  edVisitsPer100: number | null;
  indexAdmissions: number;
  readmissions: number;
  readmissionRate: number | null;
}

export interface UtilizationByCohort {
  period: { start: IsoDate; end: IsoDate };
  all: UtilizationCohortCounts;
  cohorts: Array<{
    condition: string;
    label: string;
    with: UtilizationCohortCounts;
    without: UtilizationCohortCounts;
  }>;
}

/** Leadership's screening and warm-handoff view of one clinic (aggregates only). */
export interface ScreeningLeadershipSummary {
  clinicId: string;
  months: ScreeningMonth[];
  cms2: Cms2Summary;
  handoffs: HandoffSummaryRecord;
}

export type UtilizationKindValue = 'ed_visit' | 'admission';

export interface UtilizationEventRecord {
  id: string;
  patientId: string;
  kind: UtilizationKindValue;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  source: string;
  createdAt: string;
}

/** One clinic of an organisation, side by side with the others (aggregates only, no patient-level field). */
export interface OrganisationClinicSummary {
  clinicId: string;
  clinicName: string;
  openEpisodes: number;
  careManagers: number;
  improvementRate: RateCount;
  monthlyContactWithScale: RateCount;
  consultationRate: RateCount;
  cms159Remission: RateCount | null;
  cms2: Cms2Summary;
  patientsScreened: number;
  handoffs: HandoffSummaryRecord;
  utilization: UtilizationCohortCounts;
}

export interface OrganisationSummary {
  organisationId: string;
  organisationName: string;
  asOf: IsoDate;
  clinics: OrganisationClinicSummary[];
}

/** `POST /api/patients/:id/screenings`. */
export interface CreateScreeningRequest {
  visitOn: IsoDate;
  phq2?: Record<string, number | null>;
  gad2?: Record<string, number | null>;
  auditC?: Record<string, number | null>;
  pcPtsd5?: { traumaExposure: boolean; items?: boolean[] | null };
  phq9?: Record<string, number | null>;
  gad7?: Record<string, number | null>;
  pcl5?: Record<string, number | null>;
  depressionException?: ScreeningExceptionValue;
  followUpPlan?: { kinds: FollowUpPlanKindValue[]; on: IsoDate; note?: string | null };
}

/** `POST /api/screenings/:id/referral`. */
export interface CreateReferralRequest {
  referredOn: IsoDate;
  warmHandoff: boolean;
  handoffTakenById?: string | null;
  note?: string | null;
}

/**
 * Who may take a warm handoff (`GET /api/screening/handoff-clinicians`): the clinic's active care
 * managers and psychiatric consultants, names and ids only (a PCP may read it; issue #17).
 */
export interface HandoffClinician {
  id: string;
  displayName: string;
  role: 'care_manager' | 'psychiatric_consultant';
}
