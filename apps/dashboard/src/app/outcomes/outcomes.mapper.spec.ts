import type { OutcomeTrends, RateCount } from '@huddle/shared-types';
import { caseloadBars, monthLabel, outcomeSeries, outcomeTable, rateText, targetStatus } from './outcomes.mapper';

const rc = (numerator: number, denominator: number): RateCount => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});
const point = (month: string, response: RateCount) => ({
  month,
  measured: response.denominator,
  response,
  remission: rc(0, response.denominator),
  improved: rc(response.numerator, response.denominator),
});

const trends: OutcomeTrends = {
  clinicId: 'c1',
  lastCompleteMonth: '2026-01',
  lastCompleteMonthEnd: '2026-01-31',
  partialMonth: { month: '2026-02', throughDate: '2026-02-03', daysElapsed: 3, daysInMonth: 28, included: false },
  months: ['2026-01', '2026-02'],
  series: [
    { careManagerId: null, label: 'Whole clinic', points: [point('2026-01', rc(3, 10)), point('2026-02', rc(6, 12))] },
    {
      careManagerId: 'cm1',
      label: 'Dana Reyes (CM)',
      points: [point('2026-01', rc(0, 0)), point('2026-02', rc(2, 3))],
    },
  ],
};

describe('outcomes mappers', () => {
  it('labels months', () => {
    expect(monthLabel('2026-02')).toBe('Feb 2026');
  });

  it('marks the partial month "(to date)" on the chart and in the table when it is included', () => {
    const included = { ...trends, partialMonth: { ...trends.partialMonth, included: true } };
    expect(outcomeSeries(included, 'response')[0]?.series.map((p) => p.name)).toEqual([
      'Jan 2026',
      'Feb 2026 (to date)',
    ]);
    expect(outcomeTable(included, 'response').rows.map((r) => r.label)).toEqual(['Jan 2026', 'Feb 2026 (to date)']);
    expect(outcomeTable(trends, 'response').rows.map((r) => r.label)).toEqual(['Jan 2026', 'Feb 2026']);
  });

  it('maps rates to percentage lines per series, leaving out months nobody was measured', () => {
    const series = outcomeSeries(trends, 'response');
    expect(series.map((s) => s.name)).toEqual(['Whole clinic', 'Dana Reyes (CM)']);
    expect(series[0]?.series.map((p) => [p.name, p.value])).toEqual([
      ['Jan 2026', 30],
      ['Feb 2026', 50],
    ]);
    expect(series[1]?.series.map((p) => [p.name, p.value])).toEqual([['Feb 2026', 66.7]]);
  });

  it('gives the same data as a table with counts', () => {
    expect(outcomeTable(trends, 'response')).toEqual({
      columns: ['Whole clinic', 'Dana Reyes (CM)'],
      rows: [
        { month: '2026-01', label: 'Jan 2026', cells: ['30% (3 of 10)', '— (0 measured)'] },
        { month: '2026-02', label: 'Feb 2026', cells: ['50% (6 of 12)', '67% (2 of 3)'] },
      ],
    });
  });

  it('formats rates and targets', () => {
    expect(rateText(rc(4, 5))).toBe('80% (4 of 5)');
    expect(targetStatus(0.8, 0.8)).toBe('met');
    expect(targetStatus(0.79, 0.8)).toBe('not_met');
    expect(targetStatus(null, 0.8)).toBe('no_data');
  });

  it('orders caseload bars largest first', () => {
    expect(
      caseloadBars([
        { careManagerId: 'a', careManager: 'A', fte: 1, openEpisodes: 20, capacity: 75, overCapacity: false },
        { careManagerId: 'b', careManager: 'B', fte: 0.5, openEpisodes: 40, capacity: 37, overCapacity: true },
      ]),
    ).toEqual([
      { name: 'B', value: 40 },
      { name: 'A', value: 20 },
    ]);
  });
});
