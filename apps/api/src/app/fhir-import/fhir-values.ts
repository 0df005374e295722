import { toLocalIsoDate } from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';

/** A refused part of an imported resource: its FHIRPath `expression` and why. */
export class ImportProblem extends Error {
  constructor(
    readonly expression: string,
    message: string,
    /** HTTP status of the entry: 400 invalid, 404 patient not found or not in the caller's scope. */
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'ImportProblem';
  }
}

/** A loosely typed FHIR JSON object (validated field by field as it is read). */
export type FhirJson = Record<string, unknown>;

export function isObject(value: unknown): value is FhirJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const FHIR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FHIR_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The calendar date of a FHIR `date` or `dateTime` in the clinic's time zone: a date is taken as
 * written; a dateTime (which FHIR requires to carry an offset) is converted to the clinic's calendar
 * (clinical-reference.md: dates are the clinic's days). Anything else is an {@link ImportProblem}.
 */
export function clinicDateOf(value: unknown, timeZone: string, expression: string): IsoDate {
  if (typeof value === 'string' && FHIR_DATE.test(value) && isRealDate(value)) return value;
  if (typeof value === 'string' && FHIR_DATE_TIME.test(value) && isRealDate(value.slice(0, 10))) {
    // FHIR allows more than millisecond precision (US Core writes microseconds): parsed as a Date.
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return toLocalIsoDate(instant, timeZone);
  }
  throw new ImportProblem(expression, `${expression} must be a FHIR date or dateTime with an offset`);
}

/** Optional variant of {@link clinicDateOf}. */
export function optionalClinicDate(value: unknown, timeZone: string, expression: string): IsoDate | null {
  return value === undefined || value === null ? null : clinicDateOf(value, timeZone, expression);
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The first coding of a CodeableConcept (or Coding), as `{ system, code, display }`. */
export function firstCoding(concept: unknown): { system: string; code: string; display?: string } | null {
  const codings = isObject(concept) && Array.isArray(concept['coding']) ? concept['coding'] : [concept];
  for (const coding of codings) {
    if (isObject(coding) && stringOf(coding['code'])) {
      return {
        system: stringOf(coding['system']) ?? '',
        code: String(coding['code']),
        display: stringOf(coding['display']),
      };
    }
  }
  return null;
}

/** Every `code` of a CodeableConcept's codings. */
export function codesOf(concept: unknown): string[] {
  const codings = isObject(concept) ? arrayOf(concept['coding']) : [];
  return codings.flatMap((coding) => (isObject(coding) && stringOf(coding['code']) ? [String(coding['code'])] : []));
}
