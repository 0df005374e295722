import type { IsoDate, IsoTimestamp } from './date.types';
import type { InstrumentId } from './instrument.types';
import type { ManualFlagCode, StaffRef } from './patient-flags.types';

/** Risk level reached by a safety follow-up (clinical-reference.md "Safety follow-up"). */
export const SafetyRiskLevel = {
  NONE: 'none',
  LOW: 'low',
  MODERATE: 'moderate',
  HIGH: 'high',
  IMMINENT: 'imminent',
} as const;
export type SafetyRiskLevel = (typeof SafetyRiskLevel)[keyof typeof SafetyRiskLevel];

/** How the risk was assessed. */
export const SafetyAssessmentMethod = {
  CSSRS_SCREENER: 'cssrs_screener',
  CLINICAL_INTERVIEW: 'clinical_interview',
  OTHER: 'other',
} as const;
export type SafetyAssessmentMethod = (typeof SafetyAssessmentMethod)[keyof typeof SafetyAssessmentMethod];

/** What happened to the patient's safety plan (e.g. Stanley-Brown). */
export const SafetyPlanAction = {
  CREATED: 'created',
  REVIEWED: 'reviewed',
  NOT_INDICATED: 'not_indicated',
  DECLINED: 'declined',
} as const;
export type SafetyPlanAction = (typeof SafetyPlanAction)[keyof typeof SafetyPlanAction];

/** Where the patient goes next. */
export const SafetyDisposition = {
  CONTINUE_OUTPATIENT: 'continue_outpatient',
  SAME_DAY_EVALUATION: 'same_day_evaluation',
  EMERGENCY_DEPARTMENT: 'emergency_department',
} as const;
export type SafetyDisposition = (typeof SafetyDisposition)[keyof typeof SafetyDisposition];

/** The structured plan of a safety follow-up (free text alone never clears a SAFETY flag). */
export interface SafetyFollowUpPlan {
  method: SafetyAssessmentMethod;
  riskLevel: SafetyRiskLevel;
  safetyPlan: SafetyPlanAction;
  lethalMeansCounselling: boolean;
  /** 988 Suicide & Crisis Lifeline given. */
  crisisLineGiven: boolean;
  disposition: SafetyDisposition;
  consultantNotified: boolean;
  nextContactOn: IsoDate;
  note: string | null;
}

/** `POST /api/patients/:id/safety-follow-ups` body. */
export interface CreateSafetyFollowUpRequest extends Omit<SafetyFollowUpPlan, 'note'> {
  /** Instant of the follow-up (default now; not in the future). */
  performedAt?: IsoTimestamp;
  note?: string | null;
}

/** A documented safety follow-up and what it resolved. */
export interface SafetyFollowUpView extends SafetyFollowUpPlan {
  id: string;
  patientId: string;
  episodeId: string;
  performedBy: StaffRef;
  performedAt: IsoTimestamp;
  /** Clinic-local date of `performedAt`. */
  performedOn: IsoDate;
  /** Safety-risk assessments this follow-up resolved. */
  resolvedAssessmentIds: string[];
  /** SAFETY_CONCERN manual flags this follow-up resolved. */
  resolvedFlagIds: string[];
  createdAt: IsoTimestamp;
}

/** Flags whose lifecycle the history shows. */
export type FlagHistoryCode = 'SAFETY' | 'INCOMPLETE_FORM_NEEDS_REVIEW' | ManualFlagCode;

/** One flag raised, and how (if) it was cleared: `GET /api/patients/:id/flag-history`, newest first. */
export interface FlagHistoryEntry {
  /** `<code>:<source row id>` (assessment, revision or manual flag). */
  id: string;
  code: FlagHistoryCode;
  source: 'computed' | 'manual';
  raisedAt: IsoTimestamp;
  /** Clinic-local date raised (administration date of a score). */
  raisedOn: IsoDate;
  raisedBy: StaffRef | null;
  /** Why it was raised ("PHQ-9 item 9 answered 2", "PHQ-9 with 1 item missing", a manual flag's note). */
  raisedEvidence: string;
  /** Assessment that raised a computed flag. */
  assessmentId: string | null;
  instrument: InstrumentId | null;
  /** Manual flag id and version (to resolve an open one). */
  manualFlagId: string | null;
  manualFlagVersion: number | null;
  clearedAt: IsoTimestamp | null;
  clearedOn: IsoDate | null;
  clearedBy: StaffRef | null;
  /** How it cleared: 'safety_follow_up' | 'review' | 'resolved' | 'corrected' | 'entered_in_error'. */
  clearedHow: 'safety_follow_up' | 'review' | 'resolved' | 'corrected' | 'entered_in_error' | null;
  /** The reason or evidence of the clear (resolution note, correction reason, follow-up summary). */
  clearedEvidence: string | null;
  /** The follow-up that cleared a SAFETY flag (risk level and plan). */
  safetyFollowUp: SafetyFollowUpView | null;
}

/** `GET /api/patients/:id/flag-history`. */
export interface PatientFlagHistory {
  patientId: string;
  entries: FlagHistoryEntry[];
}

/** Kind of record a revision belongs to. */
export type RevisedRecordType = 'assessment' | 'contact';
/** What was done to the record. */
export type RevisionAction = 'corrected' | 'entered_in_error';

/** The original of a corrected or entered-in-error score or contact (`GET /api/patients/:id/revisions`). */
export interface RecordRevisionView {
  id: string;
  patientId: string;
  recordType: RevisedRecordType;
  recordId: string;
  action: RevisionAction;
  reason: string;
  revisedBy: StaffRef;
  revisedAt: IsoTimestamp;
  /** The row as it was before the change (column names as stored). */
  original: Record<string, unknown>;
}

/** `PUT /api/assessments/:id` body: corrected answers (rescored) and the reason. */
export interface CorrectAssessmentRequest {
  answers: Record<string, number | null>;
  administeredOn?: IsoDate;
  reason: string;
}

/** `POST /api/assessments/:id/entered-in-error` and `/api/contacts/:id/entered-in-error` body. */
export interface EnteredInErrorRequest {
  reason: string;
}
