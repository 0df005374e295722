import type { IsoDate } from '@huddle/shared-types';
import { daysBetween } from './date.utils';

/**
 * Utilization events (issue #17): emergency-department visits and hospital admissions, stored as
 * encounters coded with the FHIR Encounter.class (HL7 v3 ActCode: EMER emergency, IMP inpatient
 * encounter), whether entered on the patient page or imported from a FHIR Encounter of that class.
 *
 * 30-day readmission: an admission whose discharge falls in the period is an index stay; it is
 * readmitted when another admission starts 1–30 days after that discharge (a same-day start is a
 * transfer, not a readmission; the common all-cause definition, e.g. HEDIS PCR, counts 30 days).
 */
export const UTILIZATION_RULES = Object.freeze({
  classSystem: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  edVisitClass: 'EMER',
  admissionClass: 'IMP',
  readmissionWindowDays: 30,
});

export const UtilizationKind = { ED_VISIT: 'ed_visit', ADMISSION: 'admission' } as const;
export type UtilizationKind = (typeof UtilizationKind)[keyof typeof UtilizationKind];
export const UTILIZATION_KINDS: readonly UtilizationKind[] = Object.freeze(Object.values(UtilizationKind));

/** The Encounter.class code of a kind. */
export function utilizationClassOf(kind: UtilizationKind): string {
  return kind === UtilizationKind.ED_VISIT ? UTILIZATION_RULES.edVisitClass : UTILIZATION_RULES.admissionClass;
}

/** The kind of an Encounter.class code, or `null` when the class is not a utilization event. */
export function utilizationKindOfClass(code: string | null | undefined): UtilizationKind | null {
  if (code === UTILIZATION_RULES.edVisitClass) return UtilizationKind.ED_VISIT;
  if (code === UTILIZATION_RULES.admissionClass) return UtilizationKind.ADMISSION;
  return null;
}

export interface UtilizationEvent {
  readonly kind: UtilizationKind;
  readonly startsOn: IsoDate;
  /** Discharge date of an admission (`null` while admitted or unknown). */
  readonly endsOn: IsoDate | null;
}

export interface UtilizationCounts {
  readonly patients: number;
  readonly edVisits: number;
  readonly patientsWithEdVisit: number;
  /** ED visits per 100 patients in the period, `null` without patients. */
  readonly edVisitsPer100: number | null;
  readonly indexAdmissions: number;
  readonly readmissions: number;
  readonly readmissionRate: number | null;
}

/** Whether `next` readmits after the stay that ended `dischargedOn`. */
export function isReadmission(dischargedOn: IsoDate, nextStartsOn: IsoDate): boolean {
  const days = daysBetween(dischargedOn, nextStartsOn);
  return days >= 1 && days <= UTILIZATION_RULES.readmissionWindowDays;
}

/** Counts for a population (each patient's events) over `first`…`last`. */
export function computeUtilization(
  patients: ReadonlyArray<readonly UtilizationEvent[]>,
  first: IsoDate,
  last: IsoDate,
): UtilizationCounts {
  let edVisits = 0;
  let patientsWithEdVisit = 0;
  let indexAdmissions = 0;
  let readmissions = 0;
  for (const events of patients) {
    const ed = events.filter((e) => e.kind === UtilizationKind.ED_VISIT && e.startsOn >= first && e.startsOn <= last);
    edVisits += ed.length;
    if (ed.length > 0) patientsWithEdVisit++;
    const admissions = events.filter((e) => e.kind === UtilizationKind.ADMISSION);
    for (const stay of admissions) {
      if (stay.endsOn === null || stay.endsOn < first || stay.endsOn > last) continue;
      indexAdmissions++;
      if (admissions.some((next) => next !== stay && isReadmission(stay.endsOn as IsoDate, next.startsOn))) {
        readmissions++;
      }
    }
  }
  const n = patients.length;
  return {
    patients: n,
    edVisits,
    patientsWithEdVisit,
    edVisitsPer100: n === 0 ? null : (edVisits * 100) / n,
    indexAdmissions,
    readmissions,
    readmissionRate: indexAdmissions === 0 ? null : readmissions / indexAdmissions,
  };
}
