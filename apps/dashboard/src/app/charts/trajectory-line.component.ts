import { ChangeDetectionStrategy, Component, input, ViewEncapsulation } from '@angular/core';
import { ChartCommonModule, LineChartComponent, LineChartModule } from '@swimlane/ngx-charts';
import { isoDateToUtc } from '../shared/dates';
import type { TrajectoryMarker } from './trajectory.mapper';

/**
 * ngx-charts' line chart with vertical event markers (consultant reviews, treatment changes) drawn
 * on its own time scale. Internal to {@link TrajectoryChartComponent}; not accessible on its own.
 */
@Component({
  selector: 'hd-trajectory-line',
  imports: [ChartCommonModule, LineChartModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: `
    <ngx-charts-chart [view]="[width, height]" [showLegend]="false" [animations]="false">
      <svg:defs>
        <svg:clipPath [attr.id]="clipPathId">
          <svg:rect [attr.width]="dims.width + 10" [attr.height]="dims.height + 10" transform="translate(-5, -5)" />
        </svg:clipPath>
      </svg:defs>
      <svg:g [attr.transform]="transform" class="line-chart chart">
        <svg:g
          ngx-charts-x-axis
          [xScale]="xScale"
          [dims]="dims"
          [showGridLines]="showGridLines"
          [showLabel]="showXAxisLabel"
          [labelText]="xAxisLabel"
          [tickFormatting]="xAxisTickFormatting"
          [trimTicks]="trimXAxisTicks"
          [rotateTicks]="rotateXAxisTicks"
          (dimensionsChanged)="updateXAxisHeight($event)"
        ></svg:g>
        <svg:g
          ngx-charts-y-axis
          [yScale]="yScale"
          [dims]="dims"
          [showGridLines]="showGridLines"
          [showLabel]="showYAxisLabel"
          [labelText]="yAxisLabel"
          [referenceLines]="referenceLines"
          [showRefLines]="showRefLines"
          [showRefLabels]="showRefLabels"
          (dimensionsChanged)="updateYAxisWidth($event)"
        ></svg:g>
        <svg:g class="hd-markers">
          @for (m of markers(); track $index) {
            <svg:line
              [attr.class]="'hd-marker hd-marker-' + m.kind"
              [attr.x1]="x(m.date)"
              [attr.x2]="x(m.date)"
              y1="0"
              [attr.y2]="dims.height"
            />
            <svg:text [attr.class]="'hd-marker-label hd-marker-' + m.kind" [attr.x]="x(m.date) + 3" y="10">
              {{ m.kind === 'review' ? 'R' : 'Tx' }}
            </svg:text>
          }
        </svg:g>
        <svg:g [attr.clip-path]="clipPath">
          @for (series of results; track series.name) {
            <svg:g
              ngx-charts-line-series
              [xScale]="xScale"
              [yScale]="yScale"
              [colors]="colors"
              [data]="series"
              [activeEntries]="activeEntries"
              [scaleType]="scaleType"
              [curve]="curve"
              [animations]="false"
            />
          }
          <svg:g (mouseleave)="hideCircles()">
            <svg:g
              ngx-charts-tooltip-area
              [dims]="dims"
              [xSet]="xSet"
              [xScale]="xScale"
              [yScale]="yScale"
              [results]="results"
              [colors]="colors"
              [tooltipDisabled]="tooltipDisabled"
              (hover)="updateHoveredVertical($event)"
            />
            @for (series of results; track series.name) {
              <svg:g
                ngx-charts-circle-series
                [xScale]="xScale"
                [yScale]="yScale"
                [colors]="colors"
                [data]="series"
                [scaleType]="scaleType"
                [visibleValue]="hoveredVertical"
                [activeEntries]="activeEntries"
                [tooltipDisabled]="tooltipDisabled"
                (select)="onClick($event)"
                (activate)="onActivate($event)"
                (deactivate)="onDeactivate($event)"
              />
            }
          </svg:g>
        </svg:g>
      </svg:g>
    </ngx-charts-chart>
  `,
  // The line chart's own styles are not inherited by a subclass: the ones this chart needs, plus
  // darker reference lines and the event markers.
  styles: `
    .ngx-charts {
      float: left;
      overflow: visible;
    }
    .ngx-charts .line-series.inactive {
      transition: opacity 0.1s ease-in-out;
      opacity: 0.2;
    }
    .ngx-charts .line-highlight {
      display: none;
    }
    .ngx-charts .line-highlight.active {
      display: block;
    }
    .ngx-charts .tooltip-anchor {
      fill: #000;
    }
    .ngx-charts .gridline-path {
      stroke: #ddd;
      stroke-width: 1;
      fill: none;
    }
    .ngx-charts .refline-path {
      stroke: #5f6b7a;
      stroke-width: 1.5;
      stroke-dasharray: 5;
      stroke-dashoffset: 5;
    }
    .ngx-charts .refline-label {
      font-size: 10px;
      fill: #3c4450;
    }
    .ngx-charts .reference-area {
      fill-opacity: 0.06;
      fill: #2e7d32;
    }
    .ngx-charts .line {
      stroke-width: 2.5px;
    }
    .hd-marker {
      stroke-width: 1.5;
    }
    .hd-marker-review {
      stroke: #6a3d9a;
      fill: #6a3d9a;
      stroke-dasharray: 2 3;
    }
    .hd-marker-treatment {
      stroke: #a3530c;
      fill: #a3530c;
    }
    text.hd-marker-label {
      stroke: none;
      font-size: 10px;
      font-weight: 700;
    }
  `,
})
export class TrajectoryLineComponent extends LineChartComponent {
  readonly markers = input<readonly TrajectoryMarker[]>([]);

  protected x(date: string): number {
    const value: unknown = this.xScale?.(isoDateToUtc(date));
    return typeof value === 'number' && Number.isFinite(value) ? value : -1000;
  }
}
