import {
  ICD10_CM,
  instant,
  patientReference,
  type CodeableConcept,
  type FhirResource,
  type Meta,
  type Reference,
} from './fhir-resource';

/** One diagnosis of an episode (`episode.diagnoses`, ICD-10-CM codes) with its episode's columns. */
export interface ConditionRow {
  episode_id: string;
  patient_id: string;
  code: string;
  episode_status: string;
  referred_on: string;
  updated_at: Date | string;
}

/** A diagnosis has no row of its own: its id is the episode's id and the ICD-10 code (`<uuid>-F32.1`). */
export function conditionId(episodeId: string, code: string): string {
  return `${episodeId}-${code}`;
}

/** The episode id and code of a Condition id, or null when it is not one Huddle writes. */
export function parseConditionId(id: string): { episodeId: string; code: string } | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([A-Z][0-9A-Z.]{1,7})$/i.exec(id);
  return match?.[1] && match[2] ? { episodeId: match[1].toLowerCase(), code: match[2] } : null;
}

export interface FhirCondition extends FhirResource {
  resourceType: 'Condition';
  id: string;
  meta: Meta;
  clinicalStatus: CodeableConcept;
  verificationStatus: CodeableConcept;
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  recordedDate: string;
}

/** Condition (encounter diagnosis): active while its episode is open, inactive after discharge. */
export function toFhirCondition(row: ConditionRow): FhirCondition {
  const active = row.episode_status !== 'discharged';
  return {
    resourceType: 'Condition',
    id: conditionId(row.episode_id, row.code),
    meta: { lastUpdated: instant(row.updated_at) },
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: active ? 'active' : 'inactive' },
      ],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'encounter-diagnosis',
            display: 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code: { coding: [{ system: ICD10_CM, code: row.code }] },
    subject: patientReference(row.patient_id),
    recordedDate: row.referred_on,
  };
}
