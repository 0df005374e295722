import { instant, type CodeableConcept, type FhirResource, type Meta } from './fhir-resource';
import { MRN_TYPE, mrnSystem } from './identifiers';

/** A `patient` row as the FHIR queries select it. */
export interface PatientRow {
  id: string;
  clinic_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  /** `YYYY-MM-DD` */
  birth_date: string;
  preferred_language: string;
  updated_at: Date | string;
}

export interface FhirPatient extends FhirResource {
  resourceType: 'Patient';
  id: string;
  meta: Meta;
  identifier: Array<{ use: 'usual'; type: CodeableConcept; system: string; value: string }>;
  active: true;
  name: Array<{ use: 'official'; family: string; given: string[] }>;
  birthDate: string;
  communication: Array<{ language: CodeableConcept; preferred: true }>;
}

/** Patient: MRN under the clinic's identifier system, name, birth date, preferred language (BCP 47). */
export function toFhirPatient(row: PatientRow): FhirPatient {
  return {
    resourceType: 'Patient',
    id: row.id,
    meta: { lastUpdated: instant(row.updated_at) },
    identifier: [{ use: 'usual', type: MRN_TYPE, system: mrnSystem(row.clinic_id), value: row.mrn }],
    active: true,
    name: [{ use: 'official', family: row.family_name, given: [row.given_name] }],
    birthDate: row.birth_date,
    communication: [
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: row.preferred_language }] }, preferred: true },
    ],
  };
}
