/**
 * Identifier systems Huddle writes and matches, defined once (issue #15). The FHIR import (POST
 * /fhir/R4) matches a Patient on the clinic's MRN system; the read API and bulk export write it.
 */

/** The MRN identifier system of a clinic: `urn:huddle:clinic:<clinicId>:mrn`. */
export function mrnSystem(clinicId: string): string {
  return `urn:huddle:clinic:${clinicId}:mrn`;
}

const MRN_SYSTEM = /^urn:huddle:clinic:([0-9a-f-]{36}):mrn$/i;

/** The clinic id an MRN system names, or null when `system` is not one. */
export function clinicOfMrnSystem(system: string): string | null {
  return MRN_SYSTEM.exec(system)?.[1]?.toLowerCase() ?? null;
}

/** HL7 v2 table 0203: the identifier type "Medical record number". */
export const MRN_TYPE = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical record number' }],
};

/** The canonical URL of the Questionnaire Huddle publishes for an instrument (`Questionnaire.url`). */
export function questionnaireUrl(questionnaireId: string): string {
  return `urn:huddle:questionnaire:${questionnaireId}`;
}
