import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { INSTRUMENTS } from '@huddle/scoring';
import type { ItemHeatmapView } from './item-heatmap.mapper';

/** 0 (not at all) … 3 (nearly every day), light to dark. */
const SCALE = ['#eef3fb', '#a9c5ea', '#2f66b0', '#173f78'] as const;
const UNANSWERED = 'transparent';

let nextId = 0;

/**
 * Item-level heatmap (symptoms × dates) with the same data as a table: which symptoms persist. The
 * safety item (PHQ-9 item 9) is outlined and labelled on the chart, and named in the table and the
 * summary. The chart is hidden from assistive technology; the table and summary carry the content.
 */
@Component({
  selector: 'hd-item-heatmap',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart-figure" [attr.aria-labelledby]="id + '-title'">
      <h3 [id]="id + '-title'">{{ name() }} items over time</h3>
      <figcaption class="summary">{{ view().summary }}</figcaption>
      @if (view().columns.length > 0) {
        <div class="heat" aria-hidden="true" [style.--cols]="view().columns.length">
          @for (row of view().rows; track row.itemId) {
            <div class="heat-row" [class.safety]="row.safety" [attr.data-item]="row.number">
              <span class="label">
                @if (row.safety) {
                  <span class="safety-tag">Item {{ row.number }} · safety</span>
                }
                {{ row.shortLabel }}
              </span>
              <span class="cells">
                @for (v of row.values; track $index) {
                  <span
                    class="cell"
                    [class.dark]="v !== null && v >= 2"
                    [style.background]="color(v)"
                    [attr.title]="view().columns[$index]?.label + ': ' + (v ?? 'not answered')"
                    >{{ v ?? '' }}</span
                  >
                }
              </span>
            </div>
          }
          <div class="heat-row axis">
            <span class="label"></span>
            <span class="dates">
              <span>{{ view().columns[0]?.label }}</span>
              @if (view().columns.length > 1) {
                <span>{{ view().columns[view().columns.length - 1]?.label }}</span>
              }
            </span>
          </div>
        </div>
        <p class="scale" aria-hidden="true">
          @for (c of scale; track c; let i = $index) {
            <span class="swatch-cell" [style.background]="c"></span> {{ i }}
          }
          — 0 not at all · 1 several days · 2 more than half the days · 3 nearly every day
        </p>
        <div class="table-wrap wide" role="region" [attr.aria-label]="name() + ' item answers'" tabindex="0">
          <table class="data">
            <caption class="visually-hidden">
              {{
                name()
              }}
              item answers by date (0 not at all to 3 nearly every day)
              @if (view().safetyNote) {
                ; {{ view().safetyNote }}
              }
            </caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                @for (col of view().columns; track col.label) {
                  <th scope="col" class="num">{{ col.label }}</th>
                }
              </tr>
            </thead>
            <tbody>
              @for (row of view().rows; track row.itemId) {
                <tr [class.persistent]="row.persistent" [class.safety]="row.safety">
                  <th scope="row">
                    {{ row.number }}. {{ row.text }}
                    @if (row.safety) {
                      <strong class="safety-tag">safety item</strong>
                    }
                    @if (row.persistent) {
                      <strong class="persist">persisting</strong>
                    }
                  </th>
                  @for (v of row.values; track $index) {
                    <td class="num">{{ v ?? '–' }}</td>
                  }
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </figure>
  `,
  styleUrls: ['./chart-figure.scss', './item-heatmap.component.scss'],
})
export class ItemHeatmapComponent {
  readonly view = input.required<ItemHeatmapView>();
  protected readonly id = `heatmap-${nextId++}`;
  protected readonly scale = SCALE;
  protected name(): string {
    return INSTRUMENTS[this.view().instrumentId].name;
  }
  protected color(value: number | null): string {
    return value === null ? UNANSWERED : (SCALE[Math.max(0, Math.min(3, value))] ?? UNANSWERED);
  }
}
