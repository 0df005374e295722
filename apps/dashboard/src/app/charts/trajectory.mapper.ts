import { INSTRUMENTS } from '@huddle/scoring';
import type { InstrumentId, ScorePoint } from '@huddle/shared-types';
import { formatIsoDate, isoDateToUtc } from '../shared/dates';
import type { ChartSeries, ReferenceLine } from './chart.models';

/** An event drawn as a vertical marker on the trajectory (consultant review, treatment change). */
export interface TrajectoryMarker {
  date: string;
  kind: 'review' | 'treatment';
  label: string;
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
    referenceLines.push({ name: `Response target (50% of baseline ${baseline})`, value: baseline / 2 });
  }
  const remission = def.outcomeCutoffs?.remissionBelow;
  if (remission !== undefined) referenceLines.push({ name: `Remission (< ${remission})`, value: remission });

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
