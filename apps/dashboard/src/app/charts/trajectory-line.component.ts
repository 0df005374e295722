import { ChangeDetectionStrategy, Component, input, signal, ViewEncapsulation } from '@angular/core';
import { ChartCommonModule, LineChartComponent, LineChartModule } from '@swimlane/ngx-charts';
import { isoDateToUtc } from '../shared/dates';
import {
  markerGlyph,
  referenceLabelCentres,
  stackMarkerLabels,
  type TrajectoryMarker,
  type TrajectoryPoint,
} from './trajectory.mapper';

/** Approximate advance of a 10 px bold label character, where text cannot be measured (no canvas). */
const LABEL_CHAR_PX = 6.4;
/** The marker labels' font weight and size (`text.hd-marker-label` below); the family is the chart's. */
const LABEL_FONT = '700 10px';
const MARKER_ROW_PX = 12;
const REF_LABEL_PX = 12;
const TOOLTIP_CHAR_PX = 7;

/**
 * ngx-charts' line chart with every score drawn as a point (tooltip on hover: date, score,
 * severity), vertical event markers (consultant reviews, treatment and medication changes) whose
 * labels are stacked so they never overlap, and reference-line labels moved apart when their lines
 * are close (`stackMarkerLabels`, `referenceLabelCentres`). Internal to {@link TrajectoryChartComponent};
 * not accessible on its own (the figure's table and legend are).
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
          @for (m of markerLayout(); track $index) {
            <svg:line
              [attr.class]="'hd-marker hd-marker-' + m.kind"
              [attr.x1]="m.x"
              [attr.x2]="m.x"
              [attr.y1]="m.y + 2"
              [attr.y2]="dims.height"
            />
            <svg:text
              [attr.class]="'hd-marker-label hd-marker-' + m.kind"
              [attr.x]="m.labelX"
              [attr.y]="m.y"
              [attr.data-row]="m.row"
            >
              <svg:title>{{ m.title }}</svg:title>
              {{ m.glyph }}
            </svg:text>
          }
        </svg:g>
        <svg:g class="hd-ref-labels">
          @for (r of refLabelLayout(); track r.text) {
            <svg:text class="hd-ref-label" x="4" [attr.y]="r.y" dy="0.35em">
              {{ r.text }}
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
        </svg:g>
        <svg:g class="hd-points">
          @for (p of points(); track p.date + $index; let i = $index) {
            <svg:circle
              class="hd-point"
              [attr.cx]="x(p.date)"
              [attr.cy]="y(p.score)"
              [attr.r]="hovered() === i ? 6 : 4"
              [attr.data-date]="p.date"
              (mouseenter)="hovered.set(i)"
              (mouseleave)="hovered.set(null)"
            />
          }
        </svg:g>
        @if (tooltip(); as t) {
          <svg:g class="hd-point-tooltip" [attr.transform]="'translate(' + t.x + ',' + t.y + ')'" pointer-events="none">
            <svg:rect [attr.width]="t.width" height="38" rx="4" />
            <svg:text x="8" y="15">{{ t.lines[0] }}</svg:text>
            <svg:text x="8" y="31" class="value">{{ t.lines[1] }}</svg:text>
          </svg:g>
        }
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
    .hd-marker-medication {
      stroke: #0b6e4f;
      fill: #0b6e4f;
      stroke-dasharray: 6 2;
    }
    .hd-marker-ed_visit {
      stroke: #b3261e;
      fill: #b3261e;
    }
    .hd-marker-admission {
      stroke: #7a1f1a;
      fill: #7a1f1a;
      stroke-width: 2.5;
    }
    text.hd-marker-label {
      stroke: none;
      font-size: 10px;
      font-weight: 700;
    }
    text.hd-ref-label {
      font-size: 10px;
      fill: #3c4450;
      paint-order: stroke;
      stroke: #fff;
      stroke-width: 3px;
    }
    .hd-point {
      fill: #fff;
      stroke: #1f5fa8;
      stroke-width: 2.5;
      cursor: pointer;
    }
    .hd-point-tooltip rect {
      fill: #fff;
      stroke: #5f6b7a;
    }
    .hd-point-tooltip text {
      font-size: 12px;
      fill: #1b1f24;
    }
    .hd-point-tooltip text.value {
      font-weight: 700;
    }
  `,
})
export class TrajectoryLineComponent extends LineChartComponent {
  readonly markers = input<readonly TrajectoryMarker[]>([]);
  readonly points = input<readonly TrajectoryPoint[]>([]);
  protected readonly hovered = signal<number | null>(null);

  protected x(date: string): number {
    const value: unknown = this.xScale?.(isoDateToUtc(date));
    return typeof value === 'number' && Number.isFinite(value) ? value : -1000;
  }

  protected y(score: number): number {
    const value: unknown = this.yScale?.(score);
    return typeof value === 'number' && Number.isFinite(value) ? value : -1000;
  }

  private measure: CanvasRenderingContext2D | null | undefined;

  /**
   * A marker label's width as the browser will draw it (canvas text metrics in the chart's font):
   * an estimate per character was too narrow for some fonts, so long labels (a medication change)
   * ran into their neighbours or past the plot's right edge on a phone.
   */
  private labelWidth(text: string): number {
    if (this.measure === undefined) {
      const host = this.chartElement.nativeElement as Element;
      const context = host.ownerDocument.createElement('canvas').getContext?.('2d') ?? null;
      if (context) context.font = `${LABEL_FONT} ${getComputedStyle(host).fontFamily || 'sans-serif'}`;
      this.measure = context;
    }
    return this.measure ? Math.ceil(this.measure.measureText(text).width) + 1 : text.length * LABEL_CHAR_PX;
  }

  /** Marker lines and their labels, stacked in rows at the top of the plot. */
  protected markerLayout(): Array<{
    kind: TrajectoryMarker['kind'];
    x: number;
    labelX: number;
    y: number;
    row: number;
    glyph: string;
    title: string;
  }> {
    const width = this.dims?.width ?? 0;
    const items = this.markers().map((m) => {
      const glyph = markerGlyph(m);
      const size = this.labelWidth(glyph);
      const x = this.x(m.date);
      return { m, glyph, x, size, at: Math.max(0, Math.min(x + 3, width - size)) };
    });
    const rows = stackMarkerLabels(items);
    return items.map((item, i) => {
      const row = rows[i] ?? 0;
      return {
        kind: item.m.kind,
        x: item.x,
        labelX: item.at,
        y: 10 + row * MARKER_ROW_PX,
        row,
        glyph: item.glyph,
        title: `${item.m.label} (${item.m.date})`,
      };
    });
  }

  /**
   * Short labels of the reference lines at the left edge (the latest scores, often near the target,
   * are at the right), moved apart when their lines are close.
   */
  protected refLabelLayout(): Array<{ text: string; y: number }> {
    const refs = (this.referenceLines ?? []) as Array<{ name: string; value: number; short?: string }>;
    const ys = referenceLabelCentres(
      refs.map((r) => this.y(r.value)),
      REF_LABEL_PX,
      0,
      this.dims?.height ?? 0,
    );
    return refs.map((r, i) => ({ text: r.short ?? r.name, y: ys[i] ?? 0 }));
  }

  /** The hovered point's tooltip box, kept inside the plot. */
  protected tooltip(): { x: number; y: number; width: number; lines: [string, string] } | null {
    const index = this.hovered();
    const point = index === null ? undefined : this.points()[index];
    if (!point) return null;
    const width = Math.max(...point.tooltip.map((line) => line.length)) * TOOLTIP_CHAR_PX + 16;
    const px = this.x(point.date);
    const py = this.y(point.score);
    const plotWidth = this.dims?.width ?? 0;
    const x = px + 10 + width > plotWidth ? Math.max(0, px - 10 - width) : px + 10;
    const y = Math.max(0, py - 46);
    return { x, y, width, lines: point.tooltip };
  }
}
