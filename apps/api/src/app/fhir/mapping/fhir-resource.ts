/**
 * The FHIR R4 shapes Huddle emits, as plain types (no FHIR type package is installed; these name only
 * the elements the mappers write). Everything emitted is checked by the `fhir` package and by
 * @medplum/core against the R4 StructureDefinitions (apps/api/test/fhir-validation.spec.ts).
 */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Reference {
  reference?: string;
  display?: string;
}
export interface Period {
  start?: string;
  end?: string;
}
export interface Meta {
  lastUpdated?: string;
  profile?: string[];
}
export interface Extension {
  url: string;
  valueDecimal?: number;
}

/** Any resource: the elements the API reads generically (type, id, meta). */
export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: Meta;
}

export const LOINC = 'http://loinc.org';
export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition';

/** An instant as FHIR writes it (`2026-03-16T15:00:00.000Z`) from a database timestamp. */
export function instant(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function patientReference(patientId: string): Reference {
  return { reference: `Patient/${patientId}` };
}
