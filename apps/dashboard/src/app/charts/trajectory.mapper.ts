import { INSTRUMENTS } from '@huddle/scoring';
import type { InstrumentId, ScorePoint } from '@huddle/shared-types';
import { formatIsoDate, isoDateToUtc } from '../shared/dates';
import type { ChartSeries, ReferenceLine } from './chart.models';

/**
 * An event drawn as a vertical marker on the trajectory (consultant review, treatment or medication
 * change, ED visit or hospital admission).
 */
export interface TrajectoryMarker {
  date: string;
  kind: 'review' | 'treatment' | 'medication' | 'ed_visit' | 'admission';
  /** Full text (legend, tooltip), e.g. "Start sertraline 50 mg daily". */
  label: string;
}

/** The short text drawn on the chart above a marker: R, Tx, ED, H (hospital), or the medication label itself. */
export function markerGlyph(marker: Pick<TrajectoryMarker, 'kind' | 'label'>): string {
  switch (marker.kind) {
    case 'review':
      return 'R';
    case 'treatment':
      return 'Tx';
    case 'medication':
      return marker.label;
    case 'ed_visit':
      return 'ED';
    case 'admission':
      return 'H';
  }
}

/** A score on the line, with its tooltip text. */
export interface TrajectoryPoint {
  date: string;
  score: number;
  /** Tooltip lines: the date, then the score and its severity band. */
  tooltip: [string, string];
}

/** One row of the trajectory's data table. */
export interface TrajectoryTableRow {
  date: string;
  dateLabel: string;
  score: number;
  change: number | null;
  /** Percent change from baseline, rounded; null for the baseline or a baseline of 0. */
  percentChange: number | null;
  severity: string;
}

export interface TrajectoryView {
  instrumentId: InstrumentId;
  title: string;
  series: ChartSeries<Date>[];
  referenceLines: ReferenceLine[];
  markers: TrajectoryMarker[];
  /** The scores drawn as points on the line (same order as the table). */
  points: TrajectoryPoint[];
  yMax: number;
  table: TrajectoryTableRow[];
  /** One-sentence text alternative of the chart. */
  summary: string;
}

/** Most recent points kept on a chart (a weekly score for a year). */
export const MAX_TRAJECTORY_POINTS = 52;

/**
 * Maps dated totals of one instrument (oldest first or any order) to the trajectory chart: the
 * score line, reference lines at the response target (50% of baseline) and the remission cut-off
 * (< 5), event markers inside the plotted range, and a data table and summary as text alternatives.
 */
export function trajectoryView(
  instrumentId: InstrumentId,
  points: readonly ScorePoint[],
  markers: readonly TrajectoryMarker[] = [],
): TrajectoryView {
  const def = INSTRUMENTS[instrumentId];
  const sorted = [...points].sort((a, b) => a.date.localeCompare(b.date)).slice(-MAX_TRAJECTORY_POINTS);
  const baseline = sorted[0]?.total ?? null;
  const table: TrajectoryTableRow[] = sorted.map((p, i) => {
    const change = i === 0 || baseline === null ? null : p.total - baseline;
    return {
      date: p.date,
      dateLabel: formatIsoDate(p.date),
      score: p.total,
      change,
      percentChange: change === null || !baseline ? null : Math.round((change / baseline) * 100),
      severity: def.severityBands.find((b) => p.total >= b.min && p.total <= b.max)?.label ?? '',
    };
  });

  const referenceLines: ReferenceLine[] = [];
  if (baseline !== null && baseline > 0) {
    referenceLines.push({
      name: `Response target (50% of baseline ${baseline})`,
      value: baseline / 2,
      short: `Target ${formatScore(baseline / 2)}`,
    });
  }
  const remission = def.outcomeCutoffs?.remissionBelow;
  if (remission !== undefined) {
    referenceLines.push({ name: `Remission (< ${remission})`, value: remission, short: `Remission < ${remission}` });
  }

  const first = sorted[0]?.date;
  const last = sorted[sorted.length - 1]?.date;
  const inRange = first && last ? markers.filter((m) => m.date >= first && m.date <= last) : [];

  return {
    instrumentId,
    title: `${def.name} trajectory`,
    series: sorted.length
      ? [{ name: def.name, series: sorted.map((p) => ({ name: isoDateToUtc(p.date), value: p.total })) }]
      : [],
    referenceLines,
    markers: [...inRange].sort((a, b) => a.date.localeCompare(b.date)),
    points: table.map((row) => ({
      date: row.date,
      score: row.score,
      tooltip: [row.dateLabel, `${def.name} ${row.score}${row.severity ? ` · ${row.severity}` : ''}`],
    })),
    yMax: def.totalRange.max,
    table,
    summary: summarize(def.name, table, remission),
  };
}

function summarize(name: string, rows: readonly TrajectoryTableRow[], remission: number | undefined): string {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return `No ${name} scores yet.`;
  if (rows.length === 1) return `One ${name} score: ${first.score} (${first.severity}) on ${first.dateLabel}.`;
  const pct = last.percentChange === null ? '' : ` (${last.percentChange > 0 ? '+' : ''}${last.percentChange}%)`;
  const status =
    remission !== undefined && last.score < remission
      ? ' In remission.'
      : last.percentChange !== null && last.percentChange <= -50
        ? ' Response reached.'
        : '';
  return `${rows.length} ${name} scores from ${first.score} on ${first.dateLabel} to ${last.score} (${last.severity}) on ${last.dateLabel}${pct}.${status}`;
}

function formatScore(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** A label to place: its anchor position and size in pixels. */
export interface LabelBox {
  /** Left edge (marker labels) or vertical centre (reference labels). */
  at: number;
  size: number;
}

/**
 * Stacks marker labels into rows so that none overlaps another: each label (left edge `at`, width
 * `size`) goes into the first row whose last label ends at least `gap` px before it. Labels on the
 * same or nearby dates therefore land on different rows. Returns the row of each label (input order).
 */
export function stackMarkerLabels(labels: readonly LabelBox[], gap = 4): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => (labels[a]?.at ?? 0) - (labels[b]?.at ?? 0) || a - b);
  const rowEnds: number[] = [];
  const rows = new Array<number>(labels.length).fill(0);
  for (const i of order) {
    const label = labels[i];
    if (!label) continue;
    let row = rowEnds.findIndex((end) => end + gap <= label.at);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = label.at + label.size;
    rows[i] = row;
  }
  return rows;
}

/**
 * Where each reference line's label goes (vertical centres, input order), for lines at pixel rows
 * `lineYs` and labels `size` px high within [`min`, `max`]: just above its line, or just below it when
 * above it would cross the line drawn above (the response target one point from the remission cut-off:
 * "Target 6" over its line, "Remission < 5" under its own, neither struck through by a dashed line).
 * Then moved apart if they still meet ({@link separateLabels}).
 */
export function referenceLabelCentres(lineYs: readonly number[], size: number, min: number, max: number): number[] {
  const order = lineYs.map((_, i) => i).sort((a, b) => (lineYs[a] ?? 0) - (lineYs[b] ?? 0) || a - b);
  const wanted = new Array<LabelBox>(lineYs.length);
  let lineAbove = -Infinity;
  for (const i of order) {
    const y = lineYs[i] ?? 0;
    const above = y - size / 2 - 1;
    wanted[i] = { at: above - size / 2 > lineAbove ? above : y + size / 2 + 1, size };
    lineAbove = y;
  }
  return separateLabels(wanted, min, max);
}

/**
 * Moves reference-line labels (vertical centre `at`, height `size`) apart so that no two overlap,
 * keeping each as close to its line as possible and all within [`min`, `max`]: e.g. the response
 * target at 5.5 and the remission cut-off at 5 for a baseline of 11. Returns the new centres
 * (input order).
 */
export function separateLabels(labels: readonly LabelBox[], min: number, max: number): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => (labels[a]?.at ?? 0) - (labels[b]?.at ?? 0) || a - b);
  const placed = order.map((i) => ({ i, at: labels[i]?.at ?? 0, size: labels[i]?.size ?? 0 }));
  // Downwards: each label at least half of both heights below the previous one, not above `min`.
  for (let k = 0; k < placed.length; k++) {
    const cur = placed[k];
    if (!cur) continue;
    const prev = placed[k - 1];
    const floor = prev ? prev.at + (prev.size + cur.size) / 2 : min + cur.size / 2;
    cur.at = Math.max(cur.at, floor);
  }
  // Upwards from the bottom: back inside `max` when pushed past it.
  for (let k = placed.length - 1; k >= 0; k--) {
    const cur = placed[k];
    if (!cur) continue;
    const next = placed[k + 1];
    const ceiling = next ? next.at - (next.size + cur.size) / 2 : max - cur.size / 2;
    cur.at = Math.min(cur.at, ceiling);
  }
  const result = new Array<number>(labels.length).fill(0);
  for (const p of placed) result[p.i] = p.at;
  return result;
}
