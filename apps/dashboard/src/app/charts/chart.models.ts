/** ngx-charts data shapes (kept local so mappers and their tests do not import the chart library). */
export interface ChartPoint<X = string | Date> {
  name: X;
  value: number;
  /** Extra text for tooltips. */
  extra?: Record<string, string | number | null>;
}

export interface ChartSeries<X = string | Date> {
  name: string;
  series: ChartPoint<X>[];
}

export interface ReferenceLine {
  name: string;
  value: number;
  /** Short label drawn on the chart beside the line (the legend carries `name`). */
  short?: string;
}

/** Upper bound of points per chart (ngx-charts is SVG; style guide: ≤ 2k). */
export const MAX_CHART_POINTS = 2000;
