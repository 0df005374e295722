import type { QualityMeasureSummary } from '@huddle/shared-types';
import { emptyMeasureText, lastCompleteMonthEnd, monthsEndingWith, partialMonthLabel } from './outcomes-period.mapper';

describe('outcomes period mapper', () => {
  it('labels the partial month with its days so far', () => {
    expect(partialMonthLabel({ month: '2026-12', daysElapsed: 2 })).toBe('December 2026 — month to date, 2 days');
    expect(partialMonthLabel({ month: '2026-03', daysElapsed: 1 })).toBe('March 2026 — month to date, 1 day');
  });

  it('finds the end of the last complete month, across years and leap Februaries', () => {
    expect(lastCompleteMonthEnd('2026-12-02')).toBe('2026-11-30');
    expect(lastCompleteMonthEnd('2027-01-01')).toBe('2026-12-31');
    expect(lastCompleteMonthEnd('2028-03-15')).toBe('2028-02-29');
  });

  it('lists months ending with a month, newest first', () => {
    expect(monthsEndingWith('2026-01', 3)).toEqual(['2026-01', '2025-12', '2025-11']);
  });

  const measure = (emptyReason: QualityMeasureSummary['emptyReason'], denominator = 0) => ({
    denominator,
    indexPeriod: { start: '2024-10-03', end: '2025-10-02' },
    emptyReason,
  });
  const counts = {
    indexAbove: 9,
    patientsScored: 4,
    patientsWithIndexScore: 2,
    patientsWithDiagnosis: 2,
    patientsExcluded: 0,
    windowNotClosed: 0,
  };

  it('says which condition left everyone out of a 0/0 measure', () => {
    expect(emptyMeasureText(measure({ ...counts, code: 'NO_INDEX_EVENT', patientsScored: 0 }))).toBe(
      'No eligible patients: nobody had a PHQ-9 between 3 Oct 2024 and 2 Oct 2025, so nobody had an index PHQ-9 above 9.',
    );
    expect(emptyMeasureText(measure({ ...counts, code: 'NO_INDEX_EVENT' }))).toContain(
      '(4 patients scored, all 9 or below)',
    );
    expect(emptyMeasureText(measure({ ...counts, code: 'NO_DEPRESSION_DIAGNOSIS' }))).toContain(
      'none has a depression diagnosis',
    );
    expect(emptyMeasureText(measure({ ...counts, code: 'EXCLUDED' }))).toContain('excluded (bipolar disorder)');
    expect(emptyMeasureText(measure({ ...counts, code: 'WINDOW_NOT_CLOSED', windowNotClosed: 1 }))).toContain(
      '1 patient qualify',
    );
  });

  it('says nothing when the measure has patients', () => {
    expect(emptyMeasureText(measure(null, 3))).toBeNull();
  });
});
