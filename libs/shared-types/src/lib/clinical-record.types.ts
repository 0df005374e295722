import type { ContactModality, ContactType } from './care-episode.types';
import type { IsoDate, IsoTimestamp } from './date.types';
import type { AssessmentSource, InstrumentId, SeverityBand } from './instrument.types';
import type { StaffRef } from './patient-flags.types';

/** One administration of an instrument, scored on write. */
export interface AssessmentRecord {
  id: string;
  patientId: string;
  /** The episode open when it was recorded, if any. */
  episodeId: string | null;
  instrument: InstrumentId;
  administeredOn: IsoDate;
  source: AssessmentSource;
  /** Every item of the instrument in form order; `null` = not answered. */
  answers: Record<string, number | null>;
  /** `null` unless complete. */
  total: number | null;
  severity: Pick<SeverityBand, 'code' | 'label'> | null;
  positiveScreen: boolean | null;
  complete: boolean;
  missingItems: string[];
  /** PHQ-9 item 9 answered > 0. */
  safetyRisk: boolean;
  enteredBy: string | null;
  createdAt: IsoTimestamp;
}

/** A care-manager contact or time entry. */
export interface ContactRecord {
  id: string;
  patientId: string;
  episodeId: string | null;
  staff: StaffRef;
  type: ContactType;
  modality: ContactModality;
  /** `false` = attempted, the patient was not reached. */
  completed: boolean;
  startedAt: IsoTimestamp;
  minutes: number;
  activity: string | null;
  note: string | null;
  createdAt: IsoTimestamp;
  version: number;
}
