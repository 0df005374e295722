import type { CaseloadSize, OutcomeTrends, RateCount } from '@huddle/shared-types';
import type { ChartPoint, ChartSeries } from '../charts/chart.models';

export type OutcomeMeasure = 'response' | 'remission' | 'improved';

export const OUTCOME_MEASURE_LABELS: Readonly<Record<OutcomeMeasure, string>> = {
  response: 'Response (≥ 50% reduction)',
  remission: 'Remission (PHQ-9 < 5)',
  improved: 'Improved (response or < 10)',
};

/** `2026-03` → `Mar 2026`. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** `45%`, or `—` without a denominator. */
export function percent(rate: number | null, digits = 0): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(digits)}%`;
}

/** `45% (9 of 20)`. */
export function rateText(r: RateCount): string {
  return r.rate === null ? `— (0 measured)` : `${percent(r.rate)} (${r.numerator} of ${r.denominator})`;
}

/**
 * Monthly rate lines of one measure: the clinic first, then each care manager. Months without a
 * measured patient are left out of a line (not drawn as 0%).
 */
export function outcomeSeries(trends: OutcomeTrends, measure: OutcomeMeasure): ChartSeries<string>[] {
  const label = trendMonthLabel(trends);
  return trends.series.map((s) => ({
    name: s.label,
    series: s.points.flatMap((p): ChartPoint<string>[] => {
      const r = p[measure];
      return r.rate === null
        ? []
        : [
            {
              name: label(p.month),
              value: Math.round(r.rate * 1000) / 10,
              extra: { numerator: r.numerator, denominator: r.denominator },
            },
          ];
    }),
  }));
}

/** Month labels of a trend; the current, partial month (when included) says so: `Mar 2026 (to date)`. */
export function trendMonthLabel(trends: Pick<OutcomeTrends, 'partialMonth'>): (month: string) => string {
  const partial = trends.partialMonth?.included ? trends.partialMonth.month : null;
  return (month) => (month === partial ? `${monthLabel(month)} (to date)` : monthLabel(month));
}

export interface OutcomeTable {
  columns: string[];
  rows: { month: string; label: string; cells: string[] }[];
}

/** The same data as a table: months × (clinic, care managers), each cell "rate (n of N)". */
export function outcomeTable(trends: OutcomeTrends, measure: OutcomeMeasure): OutcomeTable {
  const label = trendMonthLabel(trends);
  return {
    columns: trends.series.map((s) => s.label),
    rows: trends.months.map((month) => ({
      month,
      label: label(month),
      cells: trends.series.map((s) => {
        const point = s.points.find((p) => p.month === month);
        return point ? rateText(point[measure]) : '—';
      }),
    })),
  };
}

/** Caseload bars (open episodes per care manager). */
export function caseloadBars(caseloads: readonly CaseloadSize[]): { name: string; value: number }[] {
  return [...caseloads]
    .sort((a, b) => b.openEpisodes - a.openEpisodes)
    .map((c) => ({ name: c.careManager, value: c.openEpisodes }));
}

/** Program metric against its target: met, not met, or no data. */
export function targetStatus(rate: number | null, target: number): 'met' | 'not_met' | 'no_data' {
  if (rate === null) return 'no_data';
  return rate >= target ? 'met' : 'not_met';
}
