import type { IsoDate } from '@huddle/shared-types';
import { addDays, addMonths, toDayNumber } from './date.utils';
import { DEPRESSION_INDEX_PHQ9_ABOVE, DEPRESSION_OUTCOME_RULES } from './depression-outcome.measures';

/**
 * CMS159 (Depression Remission at Twelve Months) as the eCQM specifies it — the CQL published with the
 * measure (CMS159FHIRDepRemissionat12Months 1.1.000, beside the test deck in
 * ../shared/fixtures/cms159-2025) — over one patient's record, at day precision. The cut-offs are the
 * library's (clinical-reference.md §Quality measures: index PHQ-9 > 9, remission < 5, 12 months ± 60
 * days); the identification period and the exclusions are the eCQM's. Value-set membership is the
 * caller's (`inValueSet`), because VSAC expansions are licensed terminology a deployment supplies.
 */

/** The value sets the measure names (canonical URLs of the VSAC value sets, from the measure's CQL). */
export const CMS159_VALUE_SETS = Object.freeze({
  bipolarDisorder: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.128',
  contactOrOfficeVisit: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1080.5',
  dysthymia: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.254',
  encounterInpatient: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.666.5.307',
  hospiceCareAmbulatory: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1584',
  hospiceDiagnosis: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1165',
  hospiceEncounter: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1003',
  majorDepression: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.113883.3.67.1.101.3.2444',
  palliativeCareDiagnosis: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1167',
  palliativeCareEncounter: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1090',
  palliativeCareIntervention: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1135',
  personalityDisorder: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.246',
  pervasiveDevelopmentalDisorder: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.105.12.1152',
  schizophreniaOrPsychoticDisorder: 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.105.12.1104',
});
export type Cms159ValueSet = keyof typeof CMS159_VALUE_SETS;

const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';

/** Direct-reference codes and windows of the measure's CQL. */
export const CMS159_ECQM_RULES = Object.freeze({
  /** Denominator identification period: [start of the measurement period − 14 months, − 2 months). */
  identificationStartMonths: -14,
  identificationEndMonths: -2,
  /** The index assessment may precede its depression encounter by up to 7 days. */
  assessmentBeforeEncounterDays: 7,
  minimumAge: 12,
  adolescentMaxAge: 17,
  hospiceDischarges: [`${SNOMED}|428371000124100`, `${SNOMED}|428361000124107`],
  hospiceAssessment: `${LOINC}|45755-6`,
  yes: `${SNOMED}|373066001`,
  palliativeAssessment: `${LOINC}|71007-9`,
  finalStatuses: ['final', 'amended', 'corrected'],
  notPerformed: ['not-done', 'entered-in-error', 'unknown'],
  encounterNotHappened: ['cancelled', 'entered-in-error', 'unknown'],
  orderStatuses: ['active', 'completed'],
  refutedVerification: ['refuted', 'entered-in-error'],
});

/** A coded fact of the record (imported Condition, Encounter, Procedure, ServiceRequest, Observation). */
export interface Cms159Event {
  readonly kind: 'condition' | 'encounter' | 'procedure' | 'service_request' | 'observation';
  readonly system: string;
  readonly code: string;
  /** Onset, period start, performed, authored or effective day. */
  readonly startsOn: IsoDate | null;
  /** Period end (an encounter, a procedure), else null. */
  readonly endsOn: IsoDate | null;
  /** Resource status (a condition: its clinical status). */
  readonly status: string | null;
  /** A condition: its verification status; an encounter: its discharge disposition; an observation: its coded value. */
  readonly valueCode: string | null;
  readonly valueSystem?: string | null;
}

export interface Cms159Patient {
  readonly patientId: string;
  readonly birthDate: IsoDate;
  readonly deceasedOn: IsoDate | null;
  /** PHQ-9 totals (final results only), any order. */
  readonly phq9: ReadonlyArray<{ readonly date: IsoDate; readonly total: number }>;
  readonly events: readonly Cms159Event[];
}

export type Cms159Exclusion = 'hospice' | 'palliative_care' | 'expired' | 'mental_health_disorder';

/** One patient's populations (FHIR measure-population codes) and strata. */
export interface Cms159PatientResult {
  readonly patientId: string;
  readonly initialPopulation: boolean;
  readonly denominator: boolean;
  readonly denominatorExclusion: boolean;
  readonly numerator: boolean;
  /** Stratification 1: 12–17 at the index assessment; 2: 18 and over; null outside the population. */
  readonly stratum: 1 | 2 | null;
  readonly indexDate: IsoDate | null;
  readonly assessmentPeriod: { readonly start: IsoDate; readonly end: IsoDate } | null;
  readonly exclusions: readonly Cms159Exclusion[];
}

interface DayRange {
  start: number;
  end: number;
}

const day = (date: IsoDate, field: string): number => toDayNumber(date.slice(0, 10), field);
const overlaps = (a: DayRange, b: DayRange): boolean => a.start <= b.end && b.start <= a.end;
const during = (d: number, r: DayRange): boolean => d >= r.start && d <= r.end;

/** Whole years from `birth` to `on` (CQL AgeInYearsAt). */
export function ageInYearsAt(birth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The measure's periods for a measurement period starting `periodStart`. */
export function cms159IdentificationPeriod(periodStart: IsoDate): { start: IsoDate; end: IsoDate } {
  const { identificationStartMonths, identificationEndMonths } = CMS159_ECQM_RULES;
  // Half-open in the CQL ([start − 14 months, start − 2 months)): the last day is the day before.
  return {
    start: addMonths(periodStart, identificationStartMonths),
    end: addDays(addMonths(periodStart, identificationEndMonths), -1),
  };
}

/**
 * Evaluates CMS159 for one patient and a measurement period starting `periodStart` (the eCQM's
 * definitions "Initial Population" … "Stratification 2", one by one).
 */
export function evaluateCms159Patient(
  patient: Cms159Patient,
  periodStart: IsoDate,
  inValueSet: (valueSet: Cms159ValueSet, system: string, code: string) => boolean,
): Cms159PatientResult {
  const rules = CMS159_ECQM_RULES;
  const dipDates = cms159IdentificationPeriod(periodStart);
  const dip: DayRange = { start: day(dipDates.start, 'dip'), end: day(dipDates.end, 'dip') };
  const is = (e: Cms159Event, ...sets: Cms159ValueSet[]): boolean => sets.some((s) => inValueSet(s, e.system, e.code));
  const startOf = (e: Cms159Event): number | null => (e.startsOn ? day(e.startsOn, 'event.start') : null);
  // A condition lasts from its onset until it abates (its prevalence period): the deck's expected
  // reports count an encounter months after a still-active diagnosis's onset as overlapping it.
  const rangeOf = (e: Cms159Event): DayRange | null => {
    const start = startOf(e);
    if (start === null) return null;
    const open = e.kind === 'condition' ? Infinity : start;
    return { start, end: e.endsOn ? day(e.endsOn, 'event.end') : open };
  };
  const verified = (e: Cms159Event): boolean => !e.valueCode || !rules.refutedVerification.includes(e.valueCode);
  const conditions = (...sets: Cms159ValueSet[]) =>
    patient.events.filter((e) => e.kind === 'condition' && is(e, ...sets) && verified(e));

  // "Depression Encounter": a finished contact or office visit overlapping a depression diagnosis's
  // onset and ending during the identification period.
  const depressionOnsets = conditions('majorDepression', 'dysthymia')
    .map(rangeOf)
    .filter((r): r is DayRange => r !== null);
  const depressionEncounters = patient.events
    .filter((e) => e.kind === 'encounter' && e.status === 'finished' && is(e, 'contactOrOfficeVisit'))
    .map(rangeOf)
    .filter((r): r is DayRange => r !== null && during(r.end, dip) && depressionOnsets.some((o) => overlaps(r, o)));

  // "Index Depression Assessment": the first PHQ-9 > 9 from 7 days before such an encounter to its end.
  const index = [...patient.phq9]
    .sort((a, b) => a.date.localeCompare(b.date))
    .find(
      (s) =>
        s.total > DEPRESSION_INDEX_PHQ9_ABOVE &&
        depressionEncounters.some((enc) =>
          during(day(s.date, 'phq9.date'), { start: enc.start - rules.assessmentBeforeEncounterDays, end: enc.end }),
        ),
    );
  const none: Cms159PatientResult = {
    patientId: patient.patientId,
    initialPopulation: false,
    denominator: false,
    denominatorExclusion: false,
    numerator: false,
    stratum: null,
    indexDate: null,
    assessmentPeriod: null,
    exclusions: [],
  };
  if (!index) return none;
  const age = ageInYearsAt(patient.birthDate, index.date);
  if (age < rules.minimumAge) return { ...none, indexDate: index.date };

  const { twelveMonthWindowMonths, twelveMonthToleranceDays, remissionBelow } = DEPRESSION_OUTCOME_RULES;
  const anniversary = addMonths(index.date, twelveMonthWindowMonths);
  const mapDates = {
    start: addDays(anniversary, -twelveMonthToleranceDays),
    end: addDays(anniversary, twelveMonthToleranceDays),
  };
  const map: DayRange = { start: day(mapDates.start, 'map'), end: day(mapDates.end, 'map') };
  const lookBack: DayRange = { start: dip.start, end: map.end };
  const overlapping = (e: Cms159Event): boolean => {
    const r = rangeOf(e);
    return r !== null && overlaps(r, lookBack);
  };
  const code = (system: string | null | undefined, value: string | null): string => `${system ?? ''}|${value ?? ''}`;

  const hospice =
    patient.events.some(
      (e) =>
        e.kind === 'encounter' &&
        e.status === 'finished' &&
        is(e, 'encounterInpatient') &&
        rules.hospiceDischarges.includes(code(e.valueSystem ?? SNOMED, e.valueCode)) &&
        during(rangeOf(e)?.end ?? -Infinity, lookBack),
    ) ||
    patient.events.some(
      (e) =>
        e.kind === 'encounter' &&
        is(e, 'hospiceEncounter') &&
        !rules.encounterNotHappened.includes(e.status ?? 'unknown') &&
        overlapping(e),
    ) ||
    patient.events.some(
      (e) =>
        e.kind === 'observation' &&
        code(e.system, e.code) === rules.hospiceAssessment &&
        code(e.valueSystem ?? SNOMED, e.valueCode) === rules.yes &&
        rules.finalStatuses.includes(e.status ?? '') &&
        overlapping(e),
    ) ||
    patient.events.some(
      (e) =>
        e.kind === 'service_request' &&
        is(e, 'hospiceCareAmbulatory') &&
        rules.orderStatuses.includes(e.status ?? '') &&
        startOf(e) !== null &&
        during(startOf(e) as number, lookBack),
    ) ||
    patient.events.some(
      (e) =>
        e.kind === 'procedure' &&
        is(e, 'hospiceCareAmbulatory') &&
        !rules.notPerformed.includes(e.status ?? 'unknown') &&
        overlapping(e),
    ) ||
    conditions('hospiceDiagnosis').some(overlapping);

  const palliative =
    patient.events.some(
      (e) =>
        e.kind === 'observation' &&
        code(e.system, e.code) === rules.palliativeAssessment &&
        rules.finalStatuses.includes(e.status ?? '') &&
        overlapping(e),
    ) ||
    conditions('palliativeCareDiagnosis').some(overlapping) ||
    patient.events.some(
      (e) => e.kind === 'encounter' && is(e, 'palliativeCareEncounter') && e.status === 'finished' && overlapping(e),
    ) ||
    patient.events.some(
      (e) =>
        e.kind === 'procedure' &&
        is(e, 'palliativeCareIntervention') &&
        !rules.notPerformed.includes(e.status ?? 'unknown') &&
        overlapping(e),
    );

  const expired = patient.deceasedOn !== null && day(patient.deceasedOn, 'deceasedOn') <= map.end;
  const mentalHealth = conditions(
    'bipolarDisorder',
    'personalityDisorder',
    'schizophreniaOrPsychoticDisorder',
    'pervasiveDevelopmentalDisorder',
  ).some((e) => startOf(e) !== null && (startOf(e) as number) <= map.end);

  const exclusions: Cms159Exclusion[] = [
    ...(hospice ? (['hospice'] as const) : []),
    ...(palliative ? (['palliative_care'] as const) : []),
    ...(expired ? (['expired'] as const) : []),
    ...(mentalHealth ? (['mental_health_disorder'] as const) : []),
  ];
  // "Numerator": the last PHQ-9 in the measure assessment period is < 5.
  const last = [...patient.phq9]
    .filter((s) => during(day(s.date, 'phq9.date'), map))
    .sort((a, b) => a.date.localeCompare(b.date))
    .at(-1);
  return {
    patientId: patient.patientId,
    initialPopulation: true,
    denominator: true,
    denominatorExclusion: exclusions.length > 0,
    // The deck's expected reports count an excluded patient in the exclusion only, never the numerator.
    numerator: exclusions.length === 0 && last !== undefined && last.total < remissionBelow,
    stratum: age <= rules.adolescentMaxAge ? 1 : 2,
    indexDate: index.date,
    assessmentPeriod: mapDates,
    exclusions,
  };
}

/** Population counts of a group or stratum (a patient in the numerator who is excluded is not counted). */
export interface Cms159Counts {
  initialPopulation: number;
  denominator: number;
  denominatorExclusion: number;
  numerator: number;
}

/** Sums patients' results: the whole population, and per stratum. */
export function summarizeCms159(results: readonly Cms159PatientResult[]): {
  total: Cms159Counts;
  strata: Record<1 | 2, Cms159Counts>;
} {
  const empty = (): Cms159Counts => ({ initialPopulation: 0, denominator: 0, denominatorExclusion: 0, numerator: 0 });
  const total = empty();
  const strata = { 1: empty(), 2: empty() };
  for (const r of results) {
    for (const counts of r.stratum ? [total, strata[r.stratum]] : [total]) {
      counts.initialPopulation += r.initialPopulation ? 1 : 0;
      counts.denominator += r.denominator ? 1 : 0;
      counts.denominatorExclusion += r.denominatorExclusion ? 1 : 0;
      counts.numerator += r.numerator ? 1 : 0;
    }
  }
  return { total, strata };
}
