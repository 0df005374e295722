import { addDays } from './date.utils';
import { computeMonthlyContactWithScaleRate, computeScreeningYield } from './program-engagement.measures';
import {
  computeAverageTreatmentDuration,
  computeConsultationRate,
  computeImprovementRate,
} from './program-outcome.measures';
import type { ProgramPatient } from './program-patient.model';

const ENROLLED = '2025-01-01';
const day = (n: number) => addDays(ENROLLED, n);
const patient = (patientId: string, extra: Partial<ProgramPatient> = {}): ProgramPatient => ({
  patientId,
  enrolledAt: ENROLLED,
  scores: [{ date: day(0), total: 18 }],
  ...extra,
});

describe('NYS improvement rate (enrolled ≥ 70 days)', () => {
  it.each([
    [69, 'ENROLLED_TOO_SHORT', false],
    [70, 'IMPROVED', true],
  ])('enrolled %i days → %s', (asOfDay, reasonCode, inDenominator) => {
    const result = computeImprovementRate(
      [
        patient('p', {
          scores: [
            { date: day(0), total: 18 },
            { date: day(60), total: 9 },
          ],
        }),
      ],
      {
        asOf: day(asOfDay),
      },
    );
    expect(result.patients[0]).toMatchObject({ reasonCode, inDenominator });
  });

  it('counts improvement by ≥ 50% or < 10 and keeps unmeasured patients in the denominator', () => {
    const population = [
      patient('half', {
        scores: [
          { date: day(0), total: 24 },
          { date: day(80), total: 12 },
        ],
      }),
      patient('below-10', {
        scores: [
          { date: day(0), total: 12 },
          { date: day(80), total: 9 },
        ],
      }),
      patient('not', {
        scores: [
          { date: day(0), total: 24 },
          { date: day(80), total: 13 },
        ],
      }),
      patient('baseline-only'),
      patient('none', { scores: [] }),
      patient('short', { enrolledAt: day(50) }),
      patient('discharged-early', { dischargedAt: day(60) }),
    ];
    const result = computeImprovementRate(population, { asOf: day(100) });
    expect(result.patients.map((p) => [p.patientId, p.reasonCode])).toEqual([
      ['half', 'IMPROVED'],
      ['below-10', 'IMPROVED'],
      ['not', 'NOT_IMPROVED'],
      ['baseline-only', 'NO_FOLLOW_UP_SCORE'],
      ['none', 'NO_SCORES'],
      ['short', 'ENROLLED_TOO_SHORT'],
      ['discharged-early', 'ENROLLED_TOO_SHORT'],
    ]);
    expect(result).toMatchObject({ numerator: 2, denominator: 5, rate: 0.4 });
    const measuredOnly = computeImprovementRate(population, { asOf: day(100), excludeUnmeasured: true });
    expect(measuredOnly).toMatchObject({ numerator: 2, denominator: 3 });
    expect(measuredOnly.patients[3]).toMatchObject({ reasonCode: 'NO_FOLLOW_UP_SCORE', inDenominator: false });
  });
});

describe('NYS consultation rate (review in the last 60 days while not improved)', () => {
  it.each([
    [60, 'REVIEWED_IN_WINDOW'],
    [61, 'NO_REVIEW_IN_WINDOW'],
  ])('last review %i days ago → %s', (daysAgo, reasonCode) => {
    const result = computeConsultationRate([patient('p', { consultantReviewDates: [day(100 - daysAgo)] })], {
      asOf: day(100),
    });
    expect(result.patients[0]?.reasonCode).toBe(reasonCode);
  });

  it('leaves out improved, inactive and recently enrolled patients', () => {
    const result = computeConsultationRate(
      [
        patient('improved', {
          scores: [
            { date: day(0), total: 18 },
            { date: day(90), total: 6 },
          ],
        }),
        patient('discharged', { dischargedAt: day(90) }),
        patient('new', { enrolledAt: day(41) }),
        patient('due', { enrolledAt: day(40) }),
      ],
      { asOf: day(100) },
    );
    expect(result.patients.map((p) => p.reasonCode)).toEqual([
      'ALREADY_IMPROVED',
      'NOT_ACTIVE',
      'ENROLLED_TOO_SHORT',
      'NO_REVIEW_IN_WINDOW',
    ]);
    expect(result).toMatchObject({ numerator: 0, denominator: 1, rate: 0 });
  });
});

describe('NYS average treatment duration', () => {
  it('averages discharged episodes only, in days', () => {
    const result = computeAverageTreatmentDuration(
      [
        patient('a', { dischargedAt: day(100) }),
        patient('b', { dischargedAt: day(150) }),
        patient('c'),
        patient('d', { dischargedAt: day(400) }),
      ],
      { asOf: day(200) },
    );
    expect(result).toMatchObject({ unit: 'days', numerator: 250, denominator: 2, rate: 125 });
    expect(result.patients.map((p) => p.reasonCode)).toEqual([
      'DISCHARGED',
      'DISCHARGED',
      'NOT_DISCHARGED',
      'NOT_DISCHARGED',
    ]);
  });
});

describe('NYS monthly contact with a completed scale', () => {
  it.each([
    ['2025-01-31', true],
    ['2025-02-01', false],
  ])('a contact with a scale on %s counts for January: %s', (date, met) => {
    const result = computeMonthlyContactWithScaleRate(
      [patient('p', { contacts: [{ date, withCompletedScale: true }] })],
      { month: '2025-01' },
    );
    expect(result.patients[0]?.inNumerator).toBe(met);
  });

  it('requires a completed scale and an episode overlapping the month', () => {
    const result = computeMonthlyContactWithScaleRate(
      [
        patient('no-scale', { contacts: [{ date: '2025-02-10', withCompletedScale: false }] }),
        patient('later', { enrolledAt: '2025-03-01' }),
        patient('gone', { dischargedAt: '2025-01-31' }),
        patient('last-day', { enrolledAt: '2025-02-28', contacts: [{ date: '2025-02-28', withCompletedScale: true }] }),
      ],
      { month: '2025-02' },
    );
    expect(result.patients.map((p) => p.reasonCode)).toEqual([
      'NO_CONTACT_WITH_SCALE',
      'NOT_ENROLLED_IN_PERIOD',
      'NOT_ENROLLED_IN_PERIOD',
      'CONTACT_WITH_SCALE',
    ]);
    expect(result.rate).toBe(0.5);
  });
});

describe('screening yield', () => {
  it('is the share of screened patients with a positive screen', () => {
    const period = { start: '2025-01-01', end: '2025-03-31' };
    const result = computeScreeningYield(
      [
        {
          patientId: 'pos',
          screens: [
            { instrumentId: 'PHQ2', date: '2025-02-01', positiveScreen: false },
            { instrumentId: 'GAD2', date: '2025-02-01', positiveScreen: true },
          ],
        },
        { patientId: 'neg', screens: [{ instrumentId: 'PHQ2', date: '2025-02-01', positiveScreen: false }] },
        { patientId: 'undetermined', screens: [{ instrumentId: 'PHQ2', date: '2025-02-01', positiveScreen: null }] },
        { patientId: 'outside', screens: [{ instrumentId: 'PHQ2', date: '2025-04-01', positiveScreen: true }] },
      ],
      { period },
    );
    expect(result.patients.map((p) => p.reasonCode)).toEqual([
      'SCREENED_POSITIVE',
      'SCREENED_NEGATIVE',
      'NOT_SCREENED',
      'NOT_SCREENED',
    ]);
    expect(result).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
  });
});
