import type { AdministrativeGender, AssessmentSource, InstrumentId } from './instrument.types';
import type { ContactModality, ContactType } from './care-episode.types';

/**
 * Request bodies the dashboard sends and the API validates (its DTO classes implement these), so the
 * two cannot drift apart.
 */

/** `POST /api/patients/:id/assessments`: one administration, item by item. */
export interface CreateAssessmentRequest {
  instrument: InstrumentId;
  /** Clinic-local date `YYYY-MM-DD`. */
  administeredOn: string;
  source: AssessmentSource;
  /** Item id → answer; `null` or left out = not answered. */
  answers: Record<string, number | null>;
}

/** `POST /api/patients/:id/contacts`: a contact or time entry. */
export interface CreateContactRequest {
  type: ContactType;
  modality: ContactModality;
  /** false = attempted, the patient was not reached (default true). */
  completed?: boolean;
  /** ISO 8601 instant with offset. */
  startedAt: string;
  minutes: number;
  activity?: string | null;
  note?: string | null;
}

/** `POST /api/patients`: a patient with their first (referred) episode. */
export interface CreatePatientRequest {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  preferredLanguage?: string;
  /** Recorded sex (FHIR administrative gender); selects sex-specific cut-offs such as AUDIT-C's. */
  gender?: AdministrativeGender | null;
  payer?: string | null;
  pcpId?: string | null;
  careManagerId?: string | null;
  referredOn?: string;
}

/** An episode's care team: `null` unassigns, left out stays. */
export interface CareTeamChangeRequest {
  careManagerId?: string | null;
  consultantId?: string | null;
  billingPcpId?: string | null;
}
