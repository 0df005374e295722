import {
  ageInYearsAt,
  CMS159_VALUE_SETS,
  cms159IdentificationPeriod,
  evaluateCms159Patient,
  summarizeCms159,
  type Cms159Event,
  type Cms159Patient,
  type Cms159ValueSet,
} from './cms159-ecqm.measure';

const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const CPT = 'http://www.ama-assn.org/go/cpt';
/** A tiny stand-in for the VSAC expansions: F32.9 is major depression, F31.9 bipolar, 90791 a visit. */
const SETS: Partial<Record<Cms159ValueSet, string[]>> = {
  majorDepression: [`${ICD10}|F32.9`],
  bipolarDisorder: [`${ICD10}|F31.9`],
  contactOrOfficeVisit: [`${CPT}|90791`],
};
const inValueSet = (set: Cms159ValueSet, system: string, code: string): boolean =>
  (SETS[set] ?? []).includes(`${system}|${code}`);

const depression: Cms159Event = {
  kind: 'condition',
  system: ICD10,
  code: 'F32.9',
  startsOn: '2025-02-01',
  endsOn: null,
  status: 'active',
  valueCode: 'confirmed',
};
const visit = (on: string): Cms159Event => ({
  kind: 'encounter',
  system: CPT,
  code: '90791',
  startsOn: on,
  endsOn: on,
  status: 'finished',
  valueCode: null,
});
const patient = (over: Partial<Cms159Patient> = {}): Cms159Patient => ({
  patientId: 'p1',
  birthDate: '1980-05-05',
  deceasedOn: null,
  phq9: [
    { date: '2025-06-20', total: 14 },
    { date: '2026-06-10', total: 3 },
  ],
  events: [depression, visit('2025-06-25')],
  ...over,
});

describe('CMS159 (eCQM definitions)', () => {
  it('names every value set of the measure by its VSAC URL', () => {
    expect(
      Object.values(CMS159_VALUE_SETS).every((url) => url.startsWith('http://cts.nlm.nih.gov/fhir/ValueSet/')),
    ).toBe(true);
  });

  it('identification period: 14 to 2 months before the measurement period (end exclusive)', () => {
    expect(cms159IdentificationPeriod('2026-01-01')).toEqual({ start: '2024-11-01', end: '2025-10-31' });
  });

  it('age in whole years on a day (the birthday counts)', () => {
    expect(ageInYearsAt('2008-06-24', '2025-06-23')).toBe(16);
    expect(ageInYearsAt('2008-06-24', '2025-06-24')).toBe(17);
  });

  it('index: a PHQ-9 > 9 up to 7 days before a visit overlapping a depression diagnosis; remission < 5 in 12 months ± 60 days', () => {
    const result = evaluateCms159Patient(patient(), '2026-01-01', inValueSet);
    expect(result).toMatchObject({
      initialPopulation: true,
      denominatorExclusion: false,
      numerator: true,
      stratum: 2,
      indexDate: '2025-06-20',
      assessmentPeriod: { start: '2026-04-21', end: '2026-08-19' },
    });
    // 8 days before the visit is too early.
    const early = patient({ phq9: [{ date: '2025-06-17', total: 14 }] });
    expect(evaluateCms159Patient(early, '2026-01-01', inValueSet).initialPopulation).toBe(false);
  });

  it('a visit before the diagnosis’s onset does not qualify', () => {
    const before = patient({ events: [{ ...depression, startsOn: '2025-07-01' }, visit('2025-06-25')] });
    expect(evaluateCms159Patient(before, '2026-01-01', inValueSet).initialPopulation).toBe(false);
  });

  it('exclusions: a bipolar diagnosis by the end of the assessment period, a death; an excluded patient is not in the numerator', () => {
    const bipolar: Cms159Event = { ...depression, code: 'F31.9', startsOn: '2026-08-01' };
    const excluded = evaluateCms159Patient(
      patient({ events: [...patient().events, bipolar] }),
      '2026-01-01',
      inValueSet,
    );
    expect(excluded).toMatchObject({
      denominatorExclusion: true,
      numerator: false,
      exclusions: ['mental_health_disorder'],
    });
    const later = { ...bipolar, startsOn: '2026-08-20' }; // after the assessment period ends
    expect(
      evaluateCms159Patient(patient({ events: [...patient().events, later] }), '2026-01-01', inValueSet).exclusions,
    ).toEqual([]);
    expect(evaluateCms159Patient(patient({ deceasedOn: '2026-08-19' }), '2026-01-01', inValueSet).exclusions).toEqual([
      'expired',
    ]);
  });

  it('summarizes per population and stratum', () => {
    const adult = evaluateCms159Patient(patient(), '2026-01-01', inValueSet);
    const teen = evaluateCms159Patient(patient({ patientId: 'p2', birthDate: '2010-01-01' }), '2026-01-01', inValueSet);
    const { total, strata } = summarizeCms159([adult, teen]);
    expect(total).toEqual({ initialPopulation: 2, denominator: 2, denominatorExclusion: 0, numerator: 2 });
    expect(strata[1].initialPopulation).toBe(1);
    expect(strata[2].initialPopulation).toBe(1);
  });
});
