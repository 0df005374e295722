import { INSTRUMENTS } from '@huddle/scoring';
import type { InstrumentId } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';

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
  /** The instrument's safety item (PHQ-9 item 9): outlined on the chart and named in the table. */
  safety: boolean;
}

export interface ItemHeatmapView {
  instrumentId: InstrumentId;
  columns: { date: string; label: string }[];
  rows: HeatmapRow[];
  persistent: string[];
  /** What the outlined safety item shows, e.g. "Item 9 (self-harm thoughts) … latest answer 1"; `null` without one. */
  safetyNote: string | null;
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
      safety: item.id === def.safetyItemId,
    };
  });

  const persistent = rows.filter((r) => r.persistent).map((r) => r.shortLabel);
  const summary =
    sorted.length === 0
      ? `No ${def.name} item answers yet.`
      : persistent.length === 0
        ? `No ${def.name} symptom scored 2 or more on each of the last ${PERSIST_WINDOW} forms.`
        : `Persisting ${def.name} symptoms (2 or more on each of the last ${PERSIST_WINDOW} forms): ${persistent.join(', ')}.`;

  const safetyRow = rows.find((r) => r.safety);
  const safetyNote = safetyRow && sorted.length > 0 ? describeSafetyItem(safetyRow) : null;

  return {
    instrumentId,
    columns,
    rows,
    persistent,
    safetyNote,
    summary: safetyNote ? `${summary} ${safetyNote}` : summary,
  };
}

/** Per clinical-reference.md §Measurement-based care rules, "Safety": any item 9 answer > 0 is a safety signal. */
function describeSafetyItem(row: HeatmapRow): string {
  const answered = row.values.filter((v): v is number => v !== null);
  const latest = [...row.values].reverse().find((v) => v !== null);
  const positive = answered.filter((v) => v > 0).length;
  const name = `Item ${row.number} (${row.shortLabel.toLowerCase()}), the safety item, is outlined`;
  if (latest === undefined || latest === null) return `${name}: not answered.`;
  return `${name}: latest answer ${latest}; above 0 on ${positive} of ${answered.length} forms.`;
}
