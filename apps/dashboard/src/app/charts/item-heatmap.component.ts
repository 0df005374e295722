import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { HeatMapModule, ScaleType, type Color } from '@swimlane/ngx-charts';
import { INSTRUMENTS } from '@huddle/scoring';
import type { ItemHeatmapView } from './item-heatmap.mapper';

/** 0 (not at all) … 3 (nearly every day), light to dark. */
const SCHEME: Color = {
  name: 'item-heat',
  selectable: false,
  group: ScaleType.Linear,
  domain: ['#eef3fb', '#a9c5ea', '#4f83c8', '#173f78'],
};

let nextId = 0;

/**
 * Item-level heatmap (symptoms × dates) with the same data as a table: which symptoms persist.
 * The chart is hidden from assistive technology; the table and summary carry the content.
 */
@Component({
  selector: 'hd-item-heatmap',
  imports: [HeatMapModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart-figure" [attr.aria-labelledby]="id + '-title'">
      <h3 [id]="id + '-title'">{{ name() }} items over time</h3>
      <figcaption class="summary">{{ view().summary }}</figcaption>
      @if (view().columns.length > 0) {
        <div class="heat" aria-hidden="true" [style.height.px]="60 + view().rows.length * 26">
          <ngx-charts-heat-map
            [results]="view().results"
            [scheme]="scheme"
            [xAxis]="true"
            [yAxis]="true"
            [min]="0"
            [max]="3"
            [innerPadding]="2"
            [animations]="false"
            [trimYAxisTicks]="false"
          />
        </div>
        <p class="scale" aria-hidden="true">
          @for (c of scheme.domain; track c; let i = $index) {
            <span class="cell" [style.background]="c"></span> {{ i }}
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
                <tr [class.persistent]="row.persistent">
                  <th scope="row">
                    {{ row.number }}. {{ row.text }}
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
  protected readonly scheme = SCHEME;
  protected name(): string {
    return INSTRUMENTS[this.view().instrumentId].name;
  }
}
