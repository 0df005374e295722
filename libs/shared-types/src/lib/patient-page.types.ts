import type { AssessmentRecord, ContactRecord } from './clinical-record.types';
import type { PatientMonthlyBilling } from './billing-report.types';
import type { PatientFlagHistory, RecordRevisionView } from './flag-lifecycle.types';
import type { MedicationEventView, MedicationView, RelapsePreventionPlanResponse } from './medication.types';
import type { PatientFlagsResponse } from './patient-flags.types';
import type { EpisodeDetail, PatientDetail } from './patient-record.types';
import type { ConsultantReviewView, RecommendationView } from './review.types';
import type { SelfReportContact } from './self-report.types';
import type { PatientTimeline } from './timeline.types';
import type { UtilizationEventRecord } from './screening.types';

/**
 * Everything the dashboard's patient page shows, in one response (`GET /api/patients/:id/page`,
 * issue #13): each part is what its own route answers; `null` where the caller's role may not read
 * it or the part does not exist (no open episode, no relapse-prevention plan).
 */
export interface PatientPageView {
  patient: PatientDetail;
  /** The open episode (else the latest), as `GET /api/episodes/:id`. */
  episode: EpisodeDetail | null;
  assessments: AssessmentRecord[];
  contacts: ContactRecord[];
  flags: PatientFlagsResponse | null;
  recommendations: RecommendationView[] | null;
  reviews: ConsultantReviewView[] | null;
  medicationEvents: MedicationEventView[] | null;
  medications: MedicationView[] | null;
  flagHistory: PatientFlagHistory | null;
  revisions: RecordRevisionView[] | null;
  billing: PatientMonthlyBilling | null;
  timeline: PatientTimeline | null;
  relapsePlan: RelapsePreventionPlanResponse | null;
  selfReportContact: SelfReportContact | null;
  /** ED visits and hospital admissions, as `GET /api/patients/:id/utilization` (issue #17: on the charts). */
  utilization: UtilizationEventRecord[] | null;
}
