import { INSTRUMENTS } from '@huddle/scoring';
import type { InstrumentId } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';
import type { ChartSeries } from './chart.models';

/** Short symptom names for the heatmap's axis; the table shows the full item text. */
export const ITEM_SHORT_LABELS: Readonly<Record<string, string>> = {
  phq9_1: 'Interest',
  phq9_2: 'Low mood',
  phq9_3: 'Sleep',
  phq9_4: 'Energy',
  phq9_5: 'Appetite',
  phq9_6: 'Self-worth',
  phq9_7: 'Concentration',
  phq9_8: 'Psychomotor',
  phq9_9: 'Self-harm thoughts',
  gad7_1: 'Nervous',
  gad7_2: 'Uncontrolled worry',
  gad7_3: 'Worrying too much',
  gad7_4: 'Trouble relaxing',
  gad7_5: 'Restless',
  gad7_6: 'Irritable',
  gad7_7: 'Afraid',
};

/** The answers of one administration. */
export interface ItemAnswers {
  administeredOn: string;
  answers: Readonly<Record<string, number | null>>;
}

export interface HeatmapRow {
  itemId: string;
  number: number;
  shortLabel: string;
  text: string;
  /** One value per column; null = not answered. */
  values: (number | null)[];
  /** ≥ 2 ("more than half the days") on each of the last `persistWindow` forms. */
  persistent: boolean;
}

export interface ItemHeatmapView {
  instrumentId: InstrumentId;
  columns: { date: string; label: string }[];
  rows: HeatmapRow[];
  /** ngx-charts heat-map: x = administrations, y = items. Unanswered cells are left out. */
  results: ChartSeries<string>[];
  persistent: string[];
  summary: string;
}

/** Most recent administrations shown (columns). */
export const MAX_HEATMAP_COLUMNS = 24;
/** Forms an item must stay ≥ 2 on to count as persisting. */
export const PERSIST_WINDOW = 2;

/**
 * Items × dates of one instrument's item answers: which symptoms persist. Oldest column first;
 * at most {@link MAX_HEATMAP_COLUMNS} columns (≤ 216 cells for the PHQ-9).
 */
export function itemHeatmapView(instrumentId: InstrumentId, forms: readonly ItemAnswers[]): ItemHeatmapView {
  const def = INSTRUMENTS[instrumentId];
  const items = def.items.filter((i) => i.scored);
  const sorted = [...forms]
    .sort((a, b) => a.administeredOn.localeCompare(b.administeredOn))
    .slice(-MAX_HEATMAP_COLUMNS);

  const seen = new Map<string, number>();
  const columns = sorted.map((f) => {
    const base = formatIsoDate(f.administeredOn);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { date: f.administeredOn, label: n === 1 ? base : `${base} (${n})` };
  });

  const rows: HeatmapRow[] = items.map((item, index) => {
    const values = sorted.map((f) => {
      const v = f.answers[item.id];
      return typeof v === 'number' ? v : null;
    });
    const recent = values.slice(-PERSIST_WINDOW);
    return {
      itemId: item.id,
      number: index + 1,
      shortLabel: ITEM_SHORT_LABELS[item.id] ?? `Item ${index + 1}`,
      text: item.text,
      values,
      persistent: recent.length === PERSIST_WINDOW && recent.every((v) => v !== null && v >= 2),
    };
  });

  // ngx-charts draws the first y value at the bottom: list items last-to-first so item 1 is on top.
  const results: ChartSeries<string>[] = columns.map((col, c) => ({
    name: col.label,
    series: [...rows].reverse().flatMap((row) => {
      const value = row.values[c];
      return value === null || value === undefined ? [] : [{ name: row.shortLabel, value }];
    }),
  }));

  const persistent = rows.filter((r) => r.persistent).map((r) => r.shortLabel);
  const summary =
    sorted.length === 0
      ? `No ${def.name} item answers yet.`
      : persistent.length === 0
        ? `No ${def.name} symptom scored 2 or more on each of the last ${PERSIST_WINDOW} forms.`
        : `Persisting ${def.name} symptoms (2 or more on each of the last ${PERSIST_WINDOW} forms): ${persistent.join(', ')}.`;

  return { instrumentId, columns, rows, results, persistent, summary };
}
