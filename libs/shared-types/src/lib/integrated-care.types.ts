import type { IsoDate, IsoTimestamp } from './date.types';
import type { StaffRef } from './patient-flags.types';

/** Issue #17 part 2: social needs, problem list, care preferences, the consultant's summary, huddles and tasks. */

/** AHC HRSN core domains (libs/scoring `SocialNeedDomain`). */
export type SocialNeedDomainId = 'housing' | 'food' | 'transportation' | 'utilities' | 'safety';

/** Where a social need's community-resource referral stands. */
export const SocialNeedStatus = {
  OPEN: 'open',
  REFERRED: 'referred',
  CONNECTED: 'connected',
  RESOLVED: 'resolved',
} as const;
/** One of {@link SocialNeedStatus}'s values. */
export type SocialNeedStatus = (typeof SocialNeedStatus)[keyof typeof SocialNeedStatus];

/** `POST /patients/:id/social-needs/screenings`: an AHC HRSN screen (answers by item id). */
export interface RecordSocialNeedsScreeningRequest {
  screenedOn: IsoDate;
  answers: Record<string, string | string[]>;
}

export interface SocialNeedView {
  id: string;
  patientId: string;
  domain: SocialNeedDomainId;
  status: SocialNeedStatus;
  identifiedOn: IsoDate;
  resourceName: string | null;
  referredOn: IsoDate | null;
  connectedOn: IsoDate | null;
  resolvedOn: IsoDate | null;
  note: string | null;
  version: number;
}

export interface SocialNeedsScreeningView {
  id: string;
  patientId: string;
  screenedOn: IsoDate;
  source: 'clinic' | 'import';
  positiveDomains: SocialNeedDomainId[];
  /** Interpersonal-safety sum (four items 1–5), when answered. */
  safetyScore: number | null;
}

/** What `GET /patients/:id/social-needs` answers: the needs (unresolved first) and the screens. */
export interface PatientSocialNeeds {
  needs: SocialNeedView[];
  screenings: SocialNeedsScreeningView[];
}

/** `POST /social-needs/:id/progress`: the referral's next step (referred needs a resource). */
export interface UpdateSocialNeedRequest {
  status: Exclude<SocialNeedStatus, 'open'>;
  on: IsoDate;
  resourceName?: string;
  note?: string | null;
  version: number;
}

/** Clinical status of a problem on the list. */
export type ProblemStatus = 'active' | 'resolved';

/** One problem (ICD-10-CM diagnosis) on the list, entered or imported. */
export interface ProblemView {
  id: string;
  patientId: string;
  code: string;
  text: string | null;
  onsetOn: IsoDate | null;
  status: ProblemStatus;
  resolvedOn: IsoDate | null;
  /** Chronic conditions this code places the patient in (libs/scoring cohorts). */
  chronicConditions: string[];
  source: 'manual' | 'import';
  version: number;
}

export interface AddProblemRequest {
  code: string;
  text: string;
  onsetOn?: IsoDate | null;
}

export interface ResolveProblemRequest {
  resolvedOn: IsoDate;
  version: number;
}

/** HbA1c (LOINC 4548-4, %) or a blood pressure (8480-6 systolic / 8462-4 diastolic, mm[Hg]). */
export interface VitalsView {
  hba1c: { value: number; on: IsoDate } | null;
  bloodPressure: { systolic: number; diastolic: number; on: IsoDate } | null;
}

export interface RecordLabRequest {
  kind: 'hba1c' | 'blood_pressure';
  on: IsoDate;
  hba1c?: number;
  systolic?: number;
  diastolic?: number;
}

export type ContactMethod = 'phone' | 'text' | 'email' | 'video' | 'in_person';

/** Trauma-informed care preferences, shown before each contact. */
export interface CarePreferencesView {
  patientId: string;
  contactMethod: ContactMethod | null;
  contactTimes: string | null;
  whatHelps: string | null;
  whatToAvoid: string | null;
  updatedBy: StaffRef | null;
  updatedAt: IsoTimestamp | null;
  /** 0 when none recorded yet. */
  version: number;
}

export interface SaveCarePreferencesRequest {
  contactMethod: ContactMethod | null;
  contactTimes: string | null;
  whatHelps: string | null;
  whatToAvoid: string | null;
  version: number;
}

/** The consultant's one-screen summary of a patient. */
export interface ConsultantSummary {
  patientId: string;
  displayName: string;
  /** PHQ-9 / GAD-7 figures of the current (or last) episode. */
  scores: Array<{
    instrument: string;
    baseline: number | null;
    baselineOn: IsoDate | null;
    latest: number | null;
    latestOn: IsoDate | null;
    changePercent: number | null;
    count: number;
  }>;
  medications: Array<{ name: string; dose: string | null; startedOn: IsoDate }>;
  problems: ProblemView[];
  vitals: VitalsView;
  openNeeds: SocialNeedView[];
  preferences: CarePreferencesView;
}

/** Remission and response of episodes with vs without one chronic condition (aggregates, no PHI). */
export interface CohortOutcomeGroup {
  episodes: number;
  remission: number;
  response: number;
  remissionRate: number | null;
  responseRate: number | null;
}

export interface CohortOutcome {
  condition: string;
  label: string;
  with: CohortOutcomeGroup;
  without: CohortOutcomeGroup;
}

/** A patient on the team huddle. */
export interface HuddleItemView {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  question: string;
  raisedBy: StaffRef;
  raisedAt: IsoTimestamp;
  discussedAt: IsoTimestamp | null;
  discussionNote: string | null;
  /** Date of the huddle the item was put on (the clinic's next huddle when raised); null without a huddle day. */
  huddleOn: IsoDate | null;
  /** The patient's unresolved social needs (domains). */
  openNeeds: SocialNeedDomainId[];
  tasks: CareTaskView[];
}

export interface RaiseHuddleItemRequest {
  patientId: string;
  question: string;
}

export interface DiscussHuddleItemRequest {
  note: string;
  tasks: Array<{ title: string; ownerId: string; dueOn: IsoDate }>;
}

export interface CareTaskView {
  id: string;
  patientId: string;
  patientName: string;
  huddleItemId: string | null;
  title: string;
  owner: StaffRef;
  dueOn: IsoDate;
  done: boolean;
  doneAt: IsoTimestamp | null;
  overdue: boolean;
  version: number;
}

export interface UpdateCareTaskRequest {
  done: boolean;
  version: number;
}
