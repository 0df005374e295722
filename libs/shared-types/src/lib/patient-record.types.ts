import type { EpisodeStatus } from './care-episode.types';
import type { IsoDate, IsoTimestamp } from './date.types';
import type { AdministrativeGender } from './instrument.types';
import type { CaseloadScores } from './caseload.types';
import type { FlagSummary, StaffRef } from './patient-flags.types';

/** Why an episode ended (stored on discharge; codes, never free text). */
export type DischargeReason =
  | 'completed_treatment'
  | 'referred_to_specialty_care'
  | 'patient_declined'
  | 'lost_to_follow_up'
  | 'moved_or_changed_provider'
  | 'deceased'
  | 'other';

/** The open (not discharged) episode of a patient, as shown in lists. */
export interface OpenEpisodeRef {
  id: string;
  status: EpisodeStatus;
  careManagerId: string | null;
}

/** One row of `GET /api/patients`. */
export interface PatientSummary {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  preferredLanguage: string;
  openEpisode: OpenEpisodeRef | null;
  /**
   * Latest PHQ-9 and GAD-7 (with baseline and change) and current flags of the open episode, as the
   * caseload computes them; `null` without an open episode.
   */
  clinical?: PatientClinicalSummary | null;
}

/** Scores and flags of a patient's open episode, for patient lists (PCP's "My patients"). */
export interface PatientClinicalSummary {
  phq9: CaseloadScores;
  gad7: CaseloadScores;
  /** Computed and manual flags, most severe first. */
  flags: FlagSummary[];
}

/** An episode in a patient's history. */
export interface EpisodeSummary {
  id: string;
  status: EpisodeStatus;
  referredOn: IsoDate;
  consentOn: IsoDate | null;
  enrolledOn: IsoDate | null;
  dischargedOn: IsoDate | null;
  dischargeReason: DischargeReason | null;
  careManagerId: string | null;
  version: number;
}

/** `GET /api/patients/:id`. */
export interface PatientDetail {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  preferredLanguage: string;
  /** Recorded sex (FHIR administrative gender), or null when not recorded. */
  gender: AdministrativeGender | null;
  payer: string | null;
  pcp: StaffRef | null;
  /** Newest first. */
  episodes: EpisodeSummary[];
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  version: number;
}

/** The care team of an episode. */
export interface CareTeam {
  careManager: StaffRef | null;
  consultant: StaffRef | null;
  billingPcp: StaffRef | null;
}

/** `GET /api/episodes/:id`. */
export interface EpisodeDetail extends EpisodeSummary {
  patientId: string;
  activatedOn: IsoDate | null;
  relapsePreventionOn: IsoDate | null;
  careTeam: CareTeam;
  /** ICD-10-CM codes, e.g. `F32.1`. */
  diagnoses: string[];
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
}

/** A non-blocking remark on a successful write. */
export interface ApiWarning {
  /** Stable code, e.g. `EPISODE_GAP_UNDER_6_MONTHS`. */
  code: string;
  message: string;
}

/** `POST /api/patients/:id/episodes`. */
export interface CreatedEpisode extends EpisodeDetail {
  warnings: ApiWarning[];
}
