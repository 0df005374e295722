import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { LineChartModule, ScaleType, type Color } from '@swimlane/ngx-charts';
import type { OutcomeTrends } from '@huddle/shared-types';
import { OUTCOME_MEASURE_LABELS, outcomeSeries, outcomeTable, type OutcomeMeasure } from './outcomes.mapper';

/** Distinct colours with ≥ 3:1 contrast on white (WCAG 1.4.11). */
export const SERIES_COLORS = ['#1f5fa8', '#b3261e', '#2e7d32', '#6a3d9a', '#a3530c', '#00695c', '#5d4037'];
const SCHEME: Color = { name: 'outcomes', selectable: false, group: ScaleType.Ordinal, domain: SERIES_COLORS };

/** Monthly outcome rates (clinic and per care manager) with the same data as a table. */
@Component({
  selector: 'hd-outcome-trend-chart',
  imports: [LineChartModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure aria-labelledby="trend-title">
      <h3 id="trend-title">{{ title() }} by month</h3>
      <figcaption class="summary">
        Share of patients with a PHQ-9 in the month who met the measure; the table below has the counts.
      </figcaption>
      <div class="plot" aria-hidden="true">
        <ngx-charts-line-chart
          [results]="series()"
          [scheme]="scheme"
          [xAxis]="true"
          [yAxis]="true"
          [showYAxisLabel]="true"
          yAxisLabel="% of measured patients"
          [yScaleMin]="0"
          [yScaleMax]="100"
          [animations]="false"
          [legend]="false"
        />
      </div>
      <ul class="legend">
        @for (s of series(); track s.name; let i = $index) {
          <li>
            <span class="swatch" [style.border-color]="colors[i % colors.length]" aria-hidden="true"></span>{{ s.name }}
          </li>
        }
      </ul>
      <div class="table-wrap" role="region" [attr.aria-label]="title() + ' by month, table'" tabindex="0">
        <table class="data">
          <caption class="visually-hidden">
            {{
              title()
            }}
            by month and care manager
          </caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              @for (c of table().columns; track c) {
                <th scope="col" class="num">{{ c }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of table().rows; track row.month) {
              <tr>
                <th scope="row">{{ row.label }}</th>
                @for (cell of row.cells; track $index) {
                  <td class="num">{{ cell }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
    </figure>
  `,
  styleUrl: '../charts/chart-figure.scss',
  styles: `
    .plot {
      height: 280px;
    }
    .swatch {
      display: inline-block;
      width: 18px;
      margin-right: 6px;
      vertical-align: middle;
      border-top: 3px solid;
    }
    .table-wrap {
      max-height: none;
      margin-top: 8px;
    }
  `,
})
export class OutcomeTrendChartComponent {
  readonly trends = input.required<OutcomeTrends>();
  readonly measure = input.required<OutcomeMeasure>();
  protected readonly scheme = SCHEME;
  protected readonly colors = SERIES_COLORS;
  protected readonly title = computed(() => OUTCOME_MEASURE_LABELS[this.measure()]);
  protected readonly series = computed(() => outcomeSeries(this.trends(), this.measure()));
  protected readonly table = computed(() => outcomeTable(this.trends(), this.measure()));
}
