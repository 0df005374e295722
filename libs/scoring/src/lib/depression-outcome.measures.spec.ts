import type { DatedScore } from '@huddle/shared-types';
import { addDays } from './date.utils';
import {
  computeCbe1885Response,
  computeCms159Remission,
  computeDrrEMeasures,
  type DepressionOutcomeOptions,
  type DepressionOutcomePatient,
} from './depression-outcome.measures';

const INDEX = '2024-03-01';
const options: DepressionOutcomeOptions = {
  indexPeriod: { start: '2024-01-01', end: '2024-12-31' },
  asOf: '2025-12-31',
};
const scores = (...points: [number, number | null][]): DatedScore[] =>
  points.map(([offset, total]) => ({ date: addDays(INDEX, offset), total }));
const patient = (
  patientId: string,
  phq9Scores: DatedScore[],
  extra: Partial<DepressionOutcomePatient> = {},
): DepressionOutcomePatient => ({
  patientId,
  hasDepressionDiagnosis: true,
  phq9Scores,
  ...extra,
});

describe('HEDIS DRR-E (120–240 days after the index PHQ-9 > 9)', () => {
  it.each([
    [119, false],
    [120, true],
    [240, true],
    [241, false],
  ])('a follow-up PHQ-9 on day %i is in the window: %s', (offset, inWindow) => {
    const { followUp } = computeDrrEMeasures([patient('p', scores([0, 16], [offset, 3]))], options);
    expect(followUp.patients[0]?.reasonCode).toBe(inWindow ? 'FOLLOW_UP_RECORDED' : 'NO_SCORE_IN_WINDOW');
    expect(followUp).toMatchObject({ denominator: 1, numerator: inWindow ? 1 : 0 });
  });

  it.each([
    [16, 8, 4, 'RESPONSE_MET', 'REMISSION_MET'],
    [16, 3, 9, 'NO_RESPONSE', 'NOT_IN_REMISSION'], // most recent counts, not the best
    [16, 9, 8, 'RESPONSE_MET', 'NOT_IN_REMISSION'], // exactly 50%
    [15, 9, 8, 'NO_RESPONSE', 'NOT_IN_REMISSION'], // 46.7%
    [10, 9, 5, 'RESPONSE_MET', 'NOT_IN_REMISSION'],
  ])('index %i, then %i and %i → %s, %s', (index, first, last, response, remission) => {
    const result = computeDrrEMeasures([patient('p', scores([0, index], [130, first], [200, last]))], options);
    expect(result.response.patients[0]?.reasonCode).toBe(response);
    expect(result.remission.patients[0]?.reasonCode).toBe(remission);
  });

  it('explains who is out of the denominator', () => {
    const population = [
      patient('no-dx', scores([0, 16]), { hasDepressionDiagnosis: false }),
      patient('low', scores([0, 9], [130, 3])),
      patient('excluded', scores([0, 16]), { exclusionReason: 'bipolar disorder' }),
      patient('open', [{ date: '2024-12-01', total: 18 }]),
      patient('incomplete-index', scores([0, null], [130, 4])),
      patient('in', scores([0, 12], [150, 4])),
    ];
    const { remission } = computeDrrEMeasures(population, { ...options, asOf: '2025-03-01' });
    expect(remission.patients.map((p) => [p.patientId, p.reasonCode, p.inDenominator])).toEqual([
      ['no-dx', 'NO_DEPRESSION_DIAGNOSIS', false],
      ['low', 'NO_INDEX_EVENT', false],
      ['excluded', 'EXCLUDED', false],
      ['open', 'WINDOW_NOT_CLOSED', false],
      ['incomplete-index', 'NO_INDEX_EVENT', false],
      ['in', 'REMISSION_MET', true],
    ]);
    expect(remission).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    expect(remission.patients[5]?.details).toMatchObject({
      indexDate: INDEX,
      indexScore: 12,
      windowStart: '2024-06-29',
      windowEnd: '2024-10-27',
      score: 4,
    });
  });

  it('uses the first PHQ-9 > 9 in the index period as the index', () => {
    const result = computeDrrEMeasures(
      [patient('p', [{ date: '2023-12-15', total: 20 }, ...scores([0, 14], [150, 7])])],
      options,
    );
    expect(result.response.patients[0]?.details).toMatchObject({ indexDate: INDEX, indexScore: 14 });
    expect(result.response.patients[0]?.reasonCode).toBe('RESPONSE_MET');
  });

  it('has a null rate for an empty denominator', () => {
    expect(computeDrrEMeasures([], options).followUp).toMatchObject({ numerator: 0, denominator: 0, rate: null });
  });
});

describe('CMS159 remission and CBE 1885 response at 12 months ± 60 days', () => {
  // Index 2024-03-01 → anniversary 2025-03-01 → window 2024-12-31 … 2025-04-30.
  it.each([
    ['2024-12-30', 'NO_SCORE_IN_WINDOW'],
    ['2024-12-31', 'REMISSION_MET'],
    ['2025-04-30', 'REMISSION_MET'],
    ['2025-05-01', 'NO_SCORE_IN_WINDOW'],
  ])('a PHQ-9 of 3 on %s → %s', (date, reasonCode) => {
    const result = computeCms159Remission(
      [
        patient('p', [
          { date: INDEX, total: 18 },
          { date, total: 3 },
        ]),
      ],
      options,
    );
    expect(result.patients[0]?.reasonCode).toBe(reasonCode);
    expect(result.measureId).toBe('CMS159_REMISSION_12M');
  });

  it.each([
    [18, 9, 'RESPONSE_MET'],
    [18, 10, 'NO_RESPONSE'],
  ])('CBE 1885: index %i → %i at 12 months → %s', (index, latest, reasonCode) => {
    const result = computeCbe1885Response(
      [
        patient('p', [
          { date: INDEX, total: index },
          { date: '2025-03-01', total: latest },
        ]),
      ],
      options,
    );
    expect(result.patients[0]?.reasonCode).toBe(reasonCode);
  });

  it('leaves patients out until the window has closed', () => {
    const result = computeCms159Remission(
      [
        patient('p', [
          { date: INDEX, total: 18 },
          { date: '2025-03-01', total: 2 },
        ]),
      ],
      {
        ...options,
        asOf: '2025-04-29',
      },
    );
    expect(result.patients[0]?.reasonCode).toBe('WINDOW_NOT_CLOSED');
    expect(result.rate).toBeNull();
  });
});
