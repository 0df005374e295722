import type { IsoDate, IsoTimestamp } from './date.types';
import type { StaffRef } from './patient-flags.types';

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
