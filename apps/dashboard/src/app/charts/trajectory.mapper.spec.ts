import { MAX_TRAJECTORY_POINTS, trajectoryView } from './trajectory.mapper';

describe('trajectoryView', () => {
  const points = [
    { date: '2026-03-01', total: 10 },
    { date: '2026-01-05', total: 18 },
    { date: '2026-02-02', total: 14 },
  ];

  it('plots the scores oldest first with dates on the x axis', () => {
    const view = trajectoryView('PHQ9', points);
    expect(view.series).toHaveLength(1);
    expect(view.series[0]?.name).toBe('PHQ-9');
    expect(view.series[0]?.series.map((p) => [p.name.toISOString().slice(0, 10), p.value])).toEqual([
      ['2026-01-05', 18],
      ['2026-02-02', 14],
      ['2026-03-01', 10],
    ]);
    expect(view.yMax).toBe(27);
  });

  it('draws the response target at 50% of baseline and the remission cut-off', () => {
    expect(trajectoryView('PHQ9', points).referenceLines).toEqual([
      { name: 'Response target (50% of baseline 18)', value: 9 },
      { name: 'Remission (< 5)', value: 5 },
    ]);
    expect(trajectoryView('GAD7', [{ date: '2026-01-01', total: 0 }]).referenceLines).toEqual([
      { name: 'Remission (< 5)', value: 5 },
    ]);
  });

  it('builds a data table with change from baseline and the severity band', () => {
    expect(trajectoryView('PHQ9', points).table).toEqual([
      {
        date: '2026-01-05',
        dateLabel: '5 Jan 2026',
        score: 18,
        change: null,
        percentChange: null,
        severity: 'Moderately severe',
      },
      { date: '2026-02-02', dateLabel: '2 Feb 2026', score: 14, change: -4, percentChange: -22, severity: 'Moderate' },
      { date: '2026-03-01', dateLabel: '1 Mar 2026', score: 10, change: -8, percentChange: -44, severity: 'Moderate' },
    ]);
  });

  it('keeps only markers inside the plotted dates, in date order', () => {
    const view = trajectoryView('PHQ9', points, [
      { date: '2026-02-20', kind: 'treatment', label: 'Change dose' },
      { date: '2025-12-01', kind: 'review', label: 'Consultant review' },
      { date: '2026-02-10', kind: 'review', label: 'Consultant review' },
    ]);
    expect(view.markers.map((m) => m.date)).toEqual(['2026-02-10', '2026-02-20']);
  });

  it('summarises the trajectory as text', () => {
    expect(trajectoryView('PHQ9', points).summary).toBe(
      '3 PHQ-9 scores from 18 on 5 Jan 2026 to 10 (Moderate) on 1 Mar 2026 (-44%).',
    );
    expect(trajectoryView('PHQ9', [...points, { date: '2026-04-01', total: 4 }]).summary).toMatch(/In remission\.$/);
    expect(trajectoryView('PHQ9', []).summary).toBe('No PHQ-9 scores yet.');
    expect(trajectoryView('PHQ9', []).series).toEqual([]);
  });

  it('caps the number of points', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      date: `2025-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      total: i % 27,
    }));
    const view = trajectoryView('PHQ9', many);
    expect(view.table).toHaveLength(MAX_TRAJECTORY_POINTS);
    expect(view.table[view.table.length - 1]?.date).toBe('2025-03-24');
  });
});
