import type { IsoDate, IsoTimestamp } from './date.types';
import type { StaffRef } from './patient-flags.types';
import type { RecommendationView } from './review.types';

/** What happened to a psychotropic medication (issue #11). */
export const MedicationAction = {
  START: 'start',
  CHANGE: 'change',
  STOP: 'stop',
} as const;
/** One of {@link MedicationAction}'s values. */
export type MedicationAction = (typeof MedicationAction)[keyof typeof MedicationAction];

/** One start, dose change or stop of a medication; drawn on the score charts at `date`. */
export interface MedicationEventView {
  id: string;
  medicationId: string;
  patientId: string;
  episodeId: string | null;
  action: MedicationAction;
  /** Medication name, e.g. "sertraline". */
  medication: string;
  /** Dose after the event, e.g. "100 mg daily"; `null` for a stop. */
  dose: string | null;
  /** Clinic-local date the change took effect. */
  date: IsoDate;
  note: string | null;
  recordedBy: StaffRef;
  recordedAt: IsoTimestamp;
}

/** A psychotropic medication on the patient's list, with its history. */
export interface MedicationView {
  id: string;
  patientId: string;
  name: string;
  /** Current dose (`null` once stopped). */
  dose: string | null;
  startedOn: IsoDate;
  stoppedOn: IsoDate | null;
  active: boolean;
  /** Oldest first. */
  events: MedicationEventView[];
  /** Optimistic-lock version; send it back to change or stop. */
  version: number;
}

/** A recommendation awaiting the PCP's answer, with the patient it concerns (`GET /recommendations/inbox`). */
export interface RecommendationInboxItem {
  recommendation: RecommendationView;
  patient: { id: string; givenName: string; familyName: string; mrn: string };
  consultant: StaffRef;
  /** Summary of the review that made it. */
  reviewSummary: string | null;
}

/**
 * Structured relapse-prevention plan of an episode (clinical-reference.md: episode states … →
 * relapse-prevention plan → discharged).
 */
export interface RelapsePreventionPlanFields {
  /** Personal early warning signs of a relapse. */
  warningSigns: string;
  /** What the patient does when they notice them. */
  copingStrategies: string;
  /** People and services to contact. */
  supports: string;
  /** Maintenance treatment (medication, therapy). */
  maintenanceTreatment: string;
  /** How long to continue it. */
  maintenanceDuration: string;
  /** Follow-up and monitoring schedule (e.g. monthly PHQ-9). */
  monitoringPlan: string;
  /** What to do if symptoms return. */
  ifSymptomsReturn: string;
}

/** A saved relapse-prevention plan. */
export interface RelapsePreventionPlanView extends RelapsePreventionPlanFields {
  episodeId: string;
  patientId: string;
  updatedBy: StaffRef;
  updatedAt: IsoTimestamp;
  /** Optimistic-lock version; send it back to save again. */
  version: number;
}

/** `GET /api/episodes/:id/relapse-prevention-plan`: `plan` is `null` until the first save. */
export interface RelapsePreventionPlanResponse {
  episodeId: string;
  patientId: string;
  plan: RelapsePreventionPlanView | null;
}
