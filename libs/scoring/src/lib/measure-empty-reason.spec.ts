import { explainEmptyMeasure, type MeasureFunnel } from './measure-empty-reason';

const base: MeasureFunnel = {
  denominator: 0,
  indexAbove: 9,
  patientsScored: 12,
  patientsWithIndexScore: 5,
  patientsWithDiagnosis: 4,
  patientsExcluded: 0,
  windowNotClosed: 4,
};

describe('explainEmptyMeasure', () => {
  it.each<[string, Partial<MeasureFunnel>, string | null]>([
    ['someone counted', { denominator: 3 }, null],
    [
      'no PHQ-9 at all in the period',
      { patientsScored: 0, patientsWithIndexScore: 0, patientsWithDiagnosis: 0 },
      'NO_INDEX_EVENT',
    ],
    ['PHQ-9s all ≤ 9', { patientsWithIndexScore: 0, patientsWithDiagnosis: 0, windowNotClosed: 0 }, 'NO_INDEX_EVENT'],
    [
      'index scores but no depression diagnosis',
      { patientsWithDiagnosis: 0, windowNotClosed: 0 },
      'NO_DEPRESSION_DIAGNOSIS',
    ],
    ['every diagnosed patient excluded', { patientsExcluded: 4, windowNotClosed: 0 }, 'EXCLUDED'],
    ['eligible, windows still open', {}, 'WINDOW_NOT_CLOSED'],
  ])('%s', (_, change, expected) => {
    expect(explainEmptyMeasure({ ...base, ...change })?.code ?? null).toBe(expected);
  });

  it('keeps the counts behind the reason, without the denominator', () => {
    expect(explainEmptyMeasure(base)).toEqual({
      code: 'WINDOW_NOT_CLOSED',
      indexAbove: 9,
      patientsScored: 12,
      patientsWithIndexScore: 5,
      patientsWithDiagnosis: 4,
      patientsExcluded: 0,
      windowNotClosed: 4,
    });
  });
});
