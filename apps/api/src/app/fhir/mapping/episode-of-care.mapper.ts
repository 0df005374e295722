import type { EpisodeStatus } from '@huddle/shared-types';
import {
  instant,
  patientReference,
  type CodeableConcept,
  type FhirResource,
  type Meta,
  type Period,
  type Reference,
} from './fhir-resource';
import { conditionId } from './condition.mapper';

/** An `episode` row as the FHIR queries select it (dates `YYYY-MM-DD`). */
export interface EpisodeRow {
  id: string;
  patient_id: string;
  status: EpisodeStatus;
  referred_on: string;
  enrolled_on: string | null;
  discharged_on: string | null;
  diagnoses: string[];
  updated_at: Date | string;
}

export type EpisodeOfCareStatus = 'planned' | 'waitlist' | 'active' | 'onhold' | 'finished' | 'cancelled';

/**
 * Huddle's episode phases → EpisodeOfCare.status: a referral not yet enrolled is `planned`; enrolled,
 * active treatment and relapse prevention are all `active` care; a discharge is `finished`.
 */
export const EPISODE_STATUS_TO_FHIR: Readonly<Record<EpisodeStatus, EpisodeOfCareStatus>> = {
  referred: 'planned',
  enrolled: 'active',
  active: 'active',
  relapse_prevention: 'active',
  discharged: 'finished',
};

export interface FhirEpisodeOfCare extends FhirResource {
  resourceType: 'EpisodeOfCare';
  id: string;
  meta: Meta;
  status: EpisodeOfCareStatus;
  statusHistory?: Array<{ status: EpisodeOfCareStatus; period: Period }>;
  type: CodeableConcept[];
  diagnosis?: Array<{ condition: Reference; rank: number }>;
  patient: Reference;
  period: Period;
}

/** EpisodeOfCare: status (mapped above) with its history from the episode's dates, and the diagnoses. */
export function toFhirEpisodeOfCare(row: EpisodeRow): FhirEpisodeOfCare {
  const history: Array<{ status: EpisodeOfCareStatus; period: Period }> = [];
  if (row.enrolled_on) {
    history.push({ status: 'planned', period: { start: row.referred_on, end: row.enrolled_on } });
    history.push({
      status: 'active',
      period: { start: row.enrolled_on, ...(row.discharged_on ? { end: row.discharged_on } : {}) },
    });
  }
  return {
    resourceType: 'EpisodeOfCare',
    id: row.id,
    meta: { lastUpdated: instant(row.updated_at) },
    status: EPISODE_STATUS_TO_FHIR[row.status],
    ...(history.length > 0 ? { statusHistory: history } : {}),
    type: [{ text: 'Collaborative care (behavioral health integration)' }],
    ...(row.diagnoses.length > 0
      ? {
          diagnosis: row.diagnoses.map((code, i) => ({
            condition: { reference: `Condition/${conditionId(row.id, code)}` },
            rank: i + 1,
          })),
        }
      : {}),
    patient: patientReference(row.patient_id),
    period: { start: row.referred_on, ...(row.discharged_on ? { end: row.discharged_on } : {}) },
  };
}
