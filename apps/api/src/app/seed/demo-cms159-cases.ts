import {
  addDays,
  addMonths,
  cms159IdentificationPeriod,
  DEPRESSION_INDEX_PHQ9_ABOVE,
  DEPRESSION_OUTCOME_RULES,
  type Cms159Event,
  type Cms159Patient,
} from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';

export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const CPT = 'http://www.ama-assn.org/go/cpt';

/** One depression case of the demo's CMS159 cohort (issue #15): what the seed writes for it. */
export interface Cms159DemoCase {
  /** What the case shows, for the reader of the seed. */
  readonly story: string;
  readonly birthDate: IsoDate;
  /** The PCP visit that found the depression: a finished office visit (CMS159 "Contact or Office Visit"). */
  readonly visit: { readonly on: IsoDate; readonly cpt: string };
  /** Problem-list diagnoses (ICD-10-CM), onset dated. */
  readonly diagnoses: ReadonlyArray<{ readonly code: string; readonly display: string; readonly onsetOn: IsoDate }>;
  /** PHQ-9 totals, oldest first. */
  readonly phq9: ReadonlyArray<{ readonly date: IsoDate; readonly total: number }>;
  readonly episode: {
    readonly enrolledOn: IsoDate;
    readonly relapsePreventionOn: IsoDate | null;
    readonly dischargedOn: IsoDate | null;
    readonly dischargeReason: string | null;
  };
}

/**
 * A handful of realistic depression cases for CMS159 (Depression Remission at Twelve Months) in the
 * measurement year of `asOf`, one set per demo clinic, so the leadership panel is not empty: the
 * random demo histories all start within 40 weeks of `asOf`, after the measure's identification period.
 *
 * The windows are the library's (clinical-reference.md §Quality measures "CMS159": index event = first
 * PHQ-9 > 9 with a depression diagnosis; numerator = most recent PHQ-9 < 5 in 12 months ± 60 days;
 * the eCQM's identification period and exclusions, libs/scoring cms159-ecqm.measure.ts). Every index
 * falls in the identification period, and late enough in the past that its whole remission window has
 * passed by `asOf`. The diagnoses are ICD-10-CM codes of the measure's value sets (Major Depression
 * F32.x/F33.x, Bipolar Disorder F31.x) and the visits CPT office-visit codes (Contact or Office Visit).
 *
 * Cases: remitted; an adolescent remitted (stratum 12–17); responded but not remitted; remitted then
 * relapsed within the window; lost to follow-up (no score in the window); a depression re-diagnosed as
 * bipolar (denominator exclusion); remitted late in the window's tolerance; and an anxiety patient with
 * a PHQ-9 above 9 but no depression diagnosis (outside the measure).
 */
export function cms159DemoCases(asOf: Date): Cms159DemoCase[] {
  const today = asOf.toISOString().slice(0, 10);
  const year = asOf.getUTCFullYear();
  const identification = cms159IdentificationPeriod(`${year}-01-01`);
  const {
    twelveMonthWindowMonths: months,
    twelveMonthToleranceDays: tolerance,
    remissionBelow,
  } = DEPRESSION_OUTCOME_RULES;
  // The last index whose whole window (anniversary + tolerance) has passed by today.
  const lastObservable = addDays(addMonths(today, -months), -tolerance - 1);
  const latest = lastObservable < identification.end ? lastObservable : identification.end;
  const indexOn = (monthsIn: number): IsoDate => {
    const wanted = addMonths(identification.start, monthsIn);
    if (wanted > latest) return latest < identification.start ? identification.start : latest;
    return wanted;
  };
  const anniversary = (index: IsoDate): IsoDate => addMonths(index, months);
  const bornYearsBefore = (index: IsoDate, age: number, days: number): IsoDate =>
    addDays(addMonths(index, -12 * age), -days);
  /** Monthly PHQ-9s from the index (month 0 first), then one in the window `offset` days from the anniversary. */
  const course = (
    index: IsoDate,
    monthly: readonly number[],
    atTwelve: { offsetDays: number; total: number } | null,
  ): Array<{ date: IsoDate; total: number }> => [
    ...monthly.map((total, m) => ({ date: addMonths(index, m), total })),
    ...(atTwelve ? [{ date: addDays(anniversary(index), atTwelve.offsetDays), total: atTwelve.total }] : []),
  ];
  const remitted = remissionBelow - 2; // a score in remission
  const depressed = DEPRESSION_INDEX_PHQ9_ABOVE + 1; // the smallest index-qualifying score

  const a = indexOn(2);
  const b = indexOn(3);
  const c = indexOn(4);
  const d = indexOn(5);
  const e = indexOn(6);
  const f = indexOn(7);
  const g = indexOn(8);
  const h = indexOn(5);
  const episode = (enrolledOn: IsoDate, end: { on: IsoDate; reason: string } | null, relapseFrom: IsoDate | null) => ({
    enrolledOn,
    relapsePreventionOn: relapseFrom,
    dischargedOn: end?.on ?? null,
    dischargeReason: end?.reason ?? null,
  });
  const mdd = (code: 'F32.1' | 'F32.2' | 'F33.1', onsetOn: IsoDate) => ({
    code,
    display:
      code === 'F32.1'
        ? 'Major depressive disorder, single episode, moderate'
        : code === 'F32.2'
          ? 'Major depressive disorder, single episode, severe without psychotic features'
          : 'Major depressive disorder, recurrent, moderate',
    onsetOn,
  });
  const twelve = (index: IsoDate, offsetDays: number): IsoDate => addDays(anniversary(index), offsetDays);

  return [
    {
      story: 'Remitted by month 5 and still in remission at 12 months',
      birthDate: bornYearsBefore(a, 46, 120),
      visit: { on: a, cpt: '99214' },
      diagnoses: [mdd('F33.1', a)],
      phq9: course(a, [16, 13, 10, 8, 6, remitted + 1, remitted], { offsetDays: -14, total: remitted - 1 }),
      episode: episode(a, { on: twelve(a, -14), reason: 'completed_treatment' }, addMonths(a, 6)),
    },
    {
      story: 'Adolescent (16 at the index visit), remitted at 12 months',
      birthDate: bornYearsBefore(b, 16, 200),
      visit: { on: b, cpt: '99213' },
      diagnoses: [mdd('F32.1', b)],
      phq9: course(b, [14, 12, 9, 6, remitted + 1, remitted], { offsetDays: 21, total: remitted + 1 }),
      episode: episode(b, { on: twelve(b, 21), reason: 'completed_treatment' }, addMonths(b, 6)),
    },
    {
      story: 'Responded (21 → 7) but not in remission at 12 months',
      birthDate: bornYearsBefore(c, 58, 40),
      visit: { on: c, cpt: '99215' },
      diagnoses: [mdd('F33.1', c)],
      phq9: course(c, [21, 18, 15, 12, 10, 9, 8], { offsetDays: -30, total: remissionBelow + 2 }),
      episode: episode(c, { on: twelve(c, -30), reason: 'referred_to_specialty_care' }, null),
    },
    {
      story: 'Remitted by month 4, relapsed before the 12-month score (the most recent one counts)',
      birthDate: bornYearsBefore(d, 34, 300),
      visit: { on: d, cpt: '99214' },
      diagnoses: [mdd('F32.1', d)],
      phq9: [
        ...course(d, [18, 12, 8, remitted + 1, remitted], null),
        { date: twelve(d, -40), total: remitted },
        { date: twelve(d, 10), total: depressed + 1 },
      ],
      episode: episode(d, null, null),
    },
    {
      story: 'Lost to follow-up after month 2: no score in the 12-month window',
      birthDate: bornYearsBefore(e, 27, 15),
      visit: { on: e, cpt: '99213' },
      diagnoses: [mdd('F32.1', e)],
      phq9: course(e, [15, 13, 12], null),
      episode: episode(e, { on: addMonths(e, 4), reason: 'lost_to_follow_up' }, null),
    },
    {
      story: 'Re-diagnosed bipolar II at month 3 (CMS159 denominator exclusion)',
      birthDate: bornYearsBefore(f, 39, 90),
      visit: { on: f, cpt: '99214' },
      diagnoses: [
        mdd('F32.2', f),
        {
          code: 'F31.81',
          display: 'Bipolar II disorder',
          onsetOn: addMonths(f, 3),
        },
      ],
      phq9: course(f, [19, 16, 11, depressed + 2], null),
      episode: episode(f, { on: addMonths(f, 3), reason: 'referred_to_specialty_care' }, null),
    },
    {
      story: 'Slow responder, in remission at the late edge of the window',
      birthDate: bornYearsBefore(g, 63, 180),
      visit: { on: g, cpt: '99214' },
      diagnoses: [mdd('F33.1', g)],
      phq9: course(g, [depressed + 3, 11, 9, 7, 6], { offsetDays: tolerance - 5, total: remitted }),
      episode: episode(g, { on: twelve(g, tolerance - 5), reason: 'completed_treatment' }, addMonths(g, 6)),
    },
    {
      story: 'Generalised anxiety with a PHQ-9 of 12 but no depression diagnosis: outside CMS159',
      birthDate: bornYearsBefore(h, 44, 60),
      visit: { on: h, cpt: '99214' },
      diagnoses: [{ code: 'F41.1', display: 'Generalized anxiety disorder', onsetOn: h }],
      phq9: course(h, [12, 9, 6], null),
      episode: episode(h, { on: addMonths(h, 5), reason: 'completed_treatment' }, null),
    },
  ];
}

/** The coded events the seed writes for a case, as CMS159 reads them (patient_clinical_event). */
export function cms159DemoEvents(demo: Cms159DemoCase): Cms159Event[] {
  return [
    ...demo.diagnoses.map(
      (dx): Cms159Event => ({
        kind: 'condition',
        system: ICD10_CM,
        code: dx.code,
        startsOn: dx.onsetOn,
        endsOn: null,
        status: 'active',
        valueCode: null,
      }),
    ),
    {
      kind: 'encounter',
      system: CPT,
      code: demo.visit.cpt,
      startsOn: demo.visit.on,
      endsOn: demo.visit.on,
      status: 'finished',
      valueCode: null,
    },
  ];
}

/** A case as CMS159 evaluates it (for checking the seeded registry against the library). */
export function cms159DemoPatient(demo: Cms159DemoCase, patientId: string): Cms159Patient {
  return {
    patientId,
    birthDate: demo.birthDate,
    deceasedOn: null,
    phq9: demo.phq9,
    events: cms159DemoEvents(demo),
  };
}
