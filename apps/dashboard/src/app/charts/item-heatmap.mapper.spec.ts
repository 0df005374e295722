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
    // Chart: x = dates, y = items; unanswered cells left out.
    expect(view.results).toHaveLength(3);
    expect(view.results[2]?.series).toHaveLength(8);
    // Item 1 listed last so ngx-charts draws it at the top.
    expect(view.results[0]?.series[8]).toEqual({ name: 'Interest', value: 3 });
  });

  it('finds symptoms that persist at 2 or more on the last two forms', () => {
    const view = itemHeatmapView('PHQ9', forms);
    expect(view.persistent).toEqual(['Sleep', 'Energy']);
    expect(view.summary).toBe('Persisting PHQ-9 symptoms (2 or more on each of the last 2 forms): Sleep, Energy.');
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
    expect(view.results).toEqual([]);
    expect(view.summary).toBe('No GAD-7 item answers yet.');
  });
});
