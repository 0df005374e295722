import {
  markerGlyph,
  MAX_TRAJECTORY_POINTS,
  referenceLabelCentres,
  separateLabels,
  stackMarkerLabels,
  trajectoryView,
  type LabelBox,
} from './trajectory.mapper';

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
      { name: 'Response target (50% of baseline 18)', value: 9, short: 'Target 9' },
      { name: 'Remission (< 5)', value: 5, short: 'Remission < 5' },
    ]);
    expect(trajectoryView('GAD7', [{ date: '2026-01-01', total: 0 }]).referenceLines).toEqual([
      { name: 'Remission (< 5)', value: 5, short: 'Remission < 5' },
    ]);
    expect(trajectoryView('PHQ9', [{ date: '2026-01-01', total: 11 }]).referenceLines[0]?.short).toBe('Target 5.5');
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

  it('draws every score as a point whose tooltip gives the date, score and severity', () => {
    expect(trajectoryView('PHQ9', points).points).toEqual([
      { date: '2026-01-05', score: 18, tooltip: ['5 Jan 2026', 'PHQ-9 18 · Moderately severe'] },
      { date: '2026-02-02', score: 14, tooltip: ['2 Feb 2026', 'PHQ-9 14 · Moderate'] },
      { date: '2026-03-01', score: 10, tooltip: ['1 Mar 2026', 'PHQ-9 10 · Moderate'] },
    ]);
  });

  it('labels markers R, Tx, or with the medication and dose', () => {
    expect(markerGlyph({ kind: 'review', label: 'Consultant review' })).toBe('R');
    expect(markerGlyph({ kind: 'treatment', label: 'Change dose' })).toBe('Tx');
    expect(markerGlyph({ kind: 'medication', label: 'Start sertraline 50 mg' })).toBe('Start sertraline 50 mg');
  });
});

/** True when two boxes (left, width, row) share a row and overlap horizontally. */
const overlaps = (a: LabelBox, b: LabelBox, rowA: number, rowB: number) =>
  rowA === rowB && a.at < b.at + b.size && b.at < a.at + a.size;

describe('stackMarkerLabels', () => {
  it('puts labels of the same or nearby dates on different rows, and far ones on the first row', () => {
    // R and Tx on the same day, a medication two pixels later, and one far away.
    const labels = [
      { at: 100, size: 8 },
      { at: 100, size: 14 },
      { at: 102, size: 120 },
      { at: 300, size: 8 },
    ];
    expect(stackMarkerLabels(labels)).toEqual([0, 1, 2, 0]);
  });

  it('never lets two labels overlap, whatever the input', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let run = 0; run < 50; run++) {
      const labels = Array.from({ length: 12 }, () => ({ at: Math.round(random() * 300), size: 6 + random() * 90 }));
      const rows = stackMarkerLabels(labels);
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++)
          expect(overlaps(must(labels[i]), must(labels[j]), must(rows[i]), must(rows[j]))).toBe(false);
    }
  });
});

describe('separateLabels', () => {
  /** y pixel of a value on a 0–27 axis 200 px high. */
  const y = (value: number) => 200 - (value / 27) * 200;

  it('moves the target and remission labels apart at baselines where they collide (10, 11)', () => {
    for (const baseline of [9, 10, 11, 12]) {
      const wanted = [
        { at: y(baseline / 2), size: 12 },
        { at: y(5), size: 12 },
      ];
      const [target, remission] = separateLabels(wanted, 0, 200).map((v) => must(v));
      expect(Math.abs(must(target) - must(remission))).toBeGreaterThanOrEqual(12);
      // Higher value still above (smaller y), each within the plot.
      if (baseline / 2 > 5) expect(target).toBeLessThan(must(remission));
      for (const v of [target, remission]) {
        expect(v).toBeGreaterThanOrEqual(6);
        expect(v).toBeLessThanOrEqual(194);
      }
    }
  });

  it('leaves labels that do not collide where they are', () => {
    expect(
      separateLabels(
        [
          { at: 50, size: 12 },
          { at: 140, size: 12 },
        ],
        0,
        200,
      ),
    ).toEqual([50, 140]);
  });

  it('keeps labels inside the plot when pushed past its edge', () => {
    const ys = separateLabels(
      [
        { at: 198, size: 12 },
        { at: 199, size: 12 },
      ],
      0,
      200,
    );
    expect(ys).toEqual([182, 194]);
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

describe('referenceLabelCentres', () => {
  /** y pixel of a value on a 0–27 axis 200 px high. */
  const y = (value: number) => 200 - (value / 27) * 200;
  const size = 12;

  it('keeps each label off every line and off the other label, the higher line labelled higher', () => {
    for (const baseline of [9, 10, 11, 12, 13, 14, 18, 27]) {
      const lines = [y(baseline / 2), y(5)];
      const [target, remission] = referenceLabelCentres(lines, size, 0, 200).map((v) => must(v));
      for (const centre of [must(target), must(remission)]) {
        // No dashed line runs through a label.
        for (const line of lines) expect(Math.abs(centre - line)).toBeGreaterThanOrEqual(size / 2);
        expect(centre).toBeGreaterThanOrEqual(size / 2);
        expect(centre).toBeLessThanOrEqual(200 - size / 2);
      }
      expect(Math.abs(must(target) - must(remission))).toBeGreaterThanOrEqual(size);
      if (baseline / 2 > 5) expect(target).toBeLessThan(must(remission));
    }
  });

  it('puts a label just above its line when the line above is far', () => {
    const [target, remission] = referenceLabelCentres([y(9), y(5)], size, 0, 200);
    expect(target).toBeCloseTo(y(9) - size / 2 - 1);
    expect(remission).toBeCloseTo(y(5) - size / 2 - 1);
  });

  it('puts the lower label under its own line when the lines are one point apart', () => {
    const [target, remission] = referenceLabelCentres([y(6), y(5)], size, 0, 200);
    expect(target).toBeCloseTo(y(6) - size / 2 - 1);
    expect(remission).toBeCloseTo(y(5) + size / 2 + 1);
  });
});
