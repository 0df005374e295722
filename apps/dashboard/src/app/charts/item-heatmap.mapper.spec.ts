import { itemHeatmapView, MAX_HEATMAP_COLUMNS } from './item-heatmap.mapper';

const phq = (date: string, values: (number | null)[]) => ({
  administeredOn: date,
  answers: Object.fromEntries(values.map((v, i) => [`phq9_${i + 1}`, v])),
});

describe('itemHeatmapView', () => {
  const forms = [
    phq('2026-02-01', [2, 2, 3, 2, 1, 0, 1, 0, 0]),
    phq('2026-01-01', [3, 3, 3, 3, 2, 1, 2, 1, 1]),
    phq('2026-03-01', [1, 1, 2, 3, 0, 0, null, 0, 0]),
  ];

  it('lays out items × dates, oldest first, for the chart and the table', () => {
    const view = itemHeatmapView('PHQ9', forms);
    expect(view.columns.map((c) => c.label)).toEqual(['1 Jan 2026', '1 Feb 2026', '1 Mar 2026']);
    expect(view.rows).toHaveLength(9);
    expect(view.rows[2]).toMatchObject({ number: 3, shortLabel: 'Sleep', values: [3, 3, 2] });
    expect(view.rows[6]?.values).toEqual([2, 1, null]);
  });

  it('finds symptoms that persist at 2 or more on the last two forms', () => {
    const view = itemHeatmapView('PHQ9', forms);
    expect(view.persistent).toEqual(['Sleep', 'Energy']);
    expect(view.summary).toMatch(
      /^Persisting PHQ-9 symptoms \(2 or more on each of the last 2 forms\): Sleep, Energy\. /,
    );
  });

  it('marks PHQ-9 item 9 as the safety item and says what it shows', () => {
    const view = itemHeatmapView('PHQ9', forms);
    expect(view.rows.filter((r) => r.safety).map((r) => r.number)).toEqual([9]);
    expect(view.safetyNote).toBe(
      'Item 9 (self-harm thoughts), the safety item, is outlined: latest answer 0; above 0 on 1 of 3 forms.',
    );
    expect(view.summary).toContain(view.safetyNote);
    // GAD-7 has no safety item; no answers, nothing to say.
    expect(itemHeatmapView('GAD7', [{ administeredOn: '2026-01-01', answers: { gad7_1: 2 } }]).safetyNote).toBeNull();
    expect(itemHeatmapView('PHQ9', []).safetyNote).toBeNull();
    expect(itemHeatmapView('PHQ9', [phq('2026-01-01', [1])]).safetyNote).toMatch(/item, is outlined: not answered\.$/);
  });

  it('disambiguates two forms on the same day and caps the columns', () => {
    expect(itemHeatmapView('PHQ9', [phq('2026-01-01', []), phq('2026-01-01', [])]).columns.map((c) => c.label)).toEqual(
      ['1 Jan 2026', '1 Jan 2026 (2)'],
    );
    const many = Array.from({ length: 40 }, (_, i) => phq(`2025-01-${String(1 + (i % 28)).padStart(2, '0')}`, [1]));
    expect(itemHeatmapView('PHQ9', many).columns).toHaveLength(MAX_HEATMAP_COLUMNS);
  });

  it('says so when there are no answers', () => {
    const view = itemHeatmapView('GAD7', []);
    expect(view.rows).toHaveLength(7);
    expect(view.rows.every((r) => r.values.length === 0)).toBe(true);
    expect(view.summary).toBe('No GAD-7 item answers yet.');
  });
});
