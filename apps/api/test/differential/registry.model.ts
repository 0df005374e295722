import type { FlagThresholds } from '@huddle/scoring';
import type { ContactType, EpisodeStatus, InstrumentId, IsoDate, StaffRole } from '@huddle/shared-types';

/**
 * The raw rows of one generated registry: exactly what the loader INSERTs into PostgreSQL and what
 * the oracle hands to libs/scoring. Dates are clinic-local calendar dates; instants are ISO UTC.
 */
export interface GeneratedRegistry {
  /** Names the registry in mismatch messages (run number and the frozen clock). */
  label: string;
  /** The API's frozen clock. */
  now: string;
  clinics: ClinicRows[];
}

export interface ClinicRows {
  id: string;
  name: string;
  timeZone: string;
  /** `clinic.flag_thresholds` (overrides of DEFAULT_FLAG_THRESHOLDS). */
  thresholds: Partial<FlagThresholds>;
  /** Clinic-local date of {@link GeneratedRegistry.now}. */
  asOf: IsoDate;
  staff: StaffRow[];
  patients: PatientRow[];
  episodes: EpisodeRow[];
  assessments: AssessmentRow[];
  contacts: ContactRow[];
  reviews: ReviewRow[];
  safetyFollowUps: SafetyFollowUpRow[];
  manualFlags: ManualFlagRow[];
}

export interface StaffRow {
  id: string;
  role: StaffRole;
  fte: number;
  displayName: string;
}

export interface PatientRow {
  id: string;
  mrn: string;
  pcpId: string;
}

export interface EpisodeRow {
  id: string;
  patientId: string;
  status: EpisodeStatus;
  referredOn: IsoDate;
  consentOn: IsoDate | null;
  enrolledOn: IsoDate | null;
  activatedOn: IsoDate | null;
  dischargedOn: IsoDate | null;
  careManagerId: string;
  consultantId: string;
  billingPcpId: string;
  diagnoses: string[];
  reviewRequestedAt: string | null;
  createdAt: string;
}

export interface AssessmentRow {
  id: string;
  patientId: string;
  episodeId: string;
  instrument: InstrumentId;
  on: IsoDate;
  answers: Record<string, number | null>;
  /** Insertion order: same-day assessments are ordered by it (SQL `created_at`, library input order). */
  createdAt: string;
  safetyFollowUpId: string | null;
}

export interface ContactRow {
  id: string;
  patientId: string;
  episodeId: string;
  staffId: string;
  type: ContactType;
  completed: boolean;
  startedAt: string;
  minutes: number;
}

export interface ReviewRow {
  id: string;
  patientId: string;
  episodeId: string;
  consultantId: string;
  reviewedAt: string;
  weekOf: IsoDate;
}

export interface SafetyFollowUpRow {
  id: string;
  patientId: string;
  episodeId: string;
  performedBy: string;
  performedAt: string;
  nextContactOn: IsoDate;
}

export interface ManualFlagRow {
  id: string;
  patientId: string;
  episodeId: string;
  code: 'DISCUSS_WITH_CONSULTANT' | 'SAFETY_CONCERN';
  raisedBy: string;
  raisedAt: string;
  resolvedAt: string | null;
}
