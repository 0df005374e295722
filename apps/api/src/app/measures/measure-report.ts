import type { Cms159Counts, Cms159PatientResult } from '@huddle/scoring';
import type { CodeableConcept, FhirResource, Reference } from '../fhir/mapping/fhir-resource';

/** The measure the reports are about (the canonical of the published eCQM, as the test deck names it). */
export const CMS159_MEASURE_URL = 'https://madie.cms.gov/Measure/CMS159FHIRDepRemissionat12Months';
const POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';

interface Population {
  code: CodeableConcept;
  count: number;
}
interface Stratum {
  value: CodeableConcept;
  population: Population[];
}
export interface FhirMeasureReport extends FhirResource {
  resourceType: 'MeasureReport';
  status: 'complete';
  type: 'individual' | 'summary';
  measure: string;
  subject?: Reference;
  date: string;
  period: { start: string; end: string };
  improvementNotation: CodeableConcept;
  group: Array<{
    id: string;
    population: Population[];
    measureScore?: { value: number };
    stratifier: Array<{ id: string; code: CodeableConcept[]; stratum: Stratum[] }>;
  }>;
}

const POPULATIONS: Array<[keyof Cms159Counts, string, string]> = [
  ['initialPopulation', 'initial-population', 'Initial Population'],
  ['denominator', 'denominator', 'Denominator'],
  ['denominatorExclusion', 'denominator-exclusion', 'Denominator Exclusion'],
  ['numerator', 'numerator', 'Numerator'],
];

const populations = (counts: Cms159Counts): Population[] =>
  POPULATIONS.map(([key, code, display]) => ({
    code: { coding: [{ system: POPULATION, code, display }] },
    count: counts[key],
  }));

/** Numerator / (denominator − exclusions), when there is a denominator left. */
function score(counts: Cms159Counts): { value: number } | undefined {
  const eligible = counts.denominator - counts.denominatorExclusion;
  return eligible > 0 ? { value: Math.round((counts.numerator / eligible) * 10_000) / 10_000 } : undefined;
}

/**
 * Huddle's CMS159 result as a FHIR R4 MeasureReport: one group (initial population, denominator,
 * denominator exclusion, numerator, measure score) with the measure's two stratifiers (12–17 and 18+
 * at the index assessment), each a "true" stratum (and "false": the rest of the population).
 */
export function cms159MeasureReport(options: {
  id: string;
  type: 'individual' | 'summary';
  subjectId: string | null;
  period: { start: string; end: string };
  generatedAt: Date;
  total: Cms159Counts;
  strata: Record<1 | 2, Cms159Counts>;
}): FhirMeasureReport {
  const { total, strata } = options;
  const rest = (s: Cms159Counts): Cms159Counts => ({
    initialPopulation: total.initialPopulation - s.initialPopulation,
    denominator: total.denominator - s.denominator,
    denominatorExclusion: total.denominatorExclusion - s.denominatorExclusion,
    numerator: total.numerator - s.numerator,
  });
  const stratifier = (n: 1 | 2, text: string) => ({
    id: `Stratification_1_${n}`,
    code: [{ text }],
    stratum: [
      { value: { text: 'true' }, population: populations(strata[n]) },
      { value: { text: 'false' }, population: populations(rest(strata[n])) },
    ],
  });
  const measureScore = score(total);
  return {
    resourceType: 'MeasureReport',
    id: options.id,
    status: 'complete',
    type: options.type,
    measure: CMS159_MEASURE_URL,
    ...(options.subjectId ? { subject: { reference: `Patient/${options.subjectId}` } } : {}),
    date: options.generatedAt.toISOString(),
    period: options.period,
    improvementNotation: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation', code: 'increase' }],
    },
    group: [
      {
        id: 'Group_1',
        population: populations(total),
        ...(measureScore ? { measureScore } : {}),
        stratifier: [
          stratifier(1, 'Stratification 1: 12–17 years'),
          stratifier(2, 'Stratification 2: 18 years and over'),
        ],
      },
    ],
  };
}

/** The populations of one patient (individual report). */
export function countsOf(result: Cms159PatientResult | undefined): Cms159Counts {
  return {
    initialPopulation: result?.initialPopulation ? 1 : 0,
    denominator: result?.denominator ? 1 : 0,
    denominatorExclusion: result?.denominatorExclusion ? 1 : 0,
    numerator: result?.numerator ? 1 : 0,
  };
}
