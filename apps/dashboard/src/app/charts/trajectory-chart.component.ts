import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ScaleType, type Color } from '@swimlane/ngx-charts';
import { formatIsoDate } from '../shared/dates';
import { TrajectoryLineComponent } from './trajectory-line.component';
import { markerGlyph, type TrajectoryMarker, type TrajectoryView } from './trajectory.mapper';

const SCHEME: Color = { name: 'huddle', selectable: false, group: ScaleType.Ordinal, domain: ['#1f5fa8'] };

let nextId = 0;

/**
 * A score trajectory: the chart (hidden from assistive technology) next to its data table, with a
 * text summary as the caption and a legend for the target lines and markers.
 */
@Component({
  selector: 'hd-trajectory-chart',
  imports: [TrajectoryLineComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart-figure" [attr.aria-labelledby]="id + '-title'">
      <div class="title-row">
        <h3 [id]="id + '-title'">{{ view().title }}</h3>
      </div>
      <figcaption class="summary">{{ view().summary }}</figcaption>
      @if (view().table.length > 0) {
        <div class="side-by-side">
          <div class="plot" aria-hidden="true">
            <hd-trajectory-line
              [results]="view().series"
              [scheme]="scheme"
              [xAxis]="true"
              [yAxis]="true"
              [showGridLines]="true"
              [referenceLines]="view().referenceLines"
              [showRefLines]="true"
              [showRefLabels]="false"
              [yScaleMin]="0"
              [yScaleMax]="view().yMax"
              [xAxisTickFormatting]="tickDate"
              [markers]="view().markers"
              [points]="view().points"
              [animations]="false"
            />
          </div>
          <div class="table-wrap" role="region" [attr.aria-label]="view().title + ' data'" tabindex="0">
            <table class="data">
              <caption class="visually-hidden">
                {{
                  view().title
                }}: scores by date
              </caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" class="num">Score</th>
                  <th scope="col" class="num">Change</th>
                  <th scope="col">Severity</th>
                </tr>
              </thead>
              <tbody>
                @for (row of view().table; track row.date + $index) {
                  <tr>
                    <th scope="row">{{ row.dateLabel }}</th>
                    <td class="num">{{ row.score }}</td>
                    <td class="num">{{ changeText(row.change, row.percentChange) }}</td>
                    <td>{{ row.severity }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </div>
        <ul class="legend">
          <li><span class="swatch line" aria-hidden="true"></span> {{ view().series[0]?.name }} score</li>
          @for (ref of view().referenceLines; track ref.name) {
            <li><span class="swatch dashed" aria-hidden="true"></span> {{ ref.name }}</li>
          }
          @if (markerCounts().review > 0) {
            <li>
              <span class="glyph review" aria-hidden="true">R</span> Consultant review ({{ markerCounts().review }})
            </li>
          }
          @if (markerCounts().treatment > 0) {
            <li>
              <span class="glyph treatment" aria-hidden="true">Tx</span> Treatment change ({{
                markerCounts().treatment
              }})
            </li>
          }
          @if (markerCounts().medication > 0) {
            <li>
              <span class="swatch medication" aria-hidden="true"></span> Medication start, change or stop ({{
                markerCounts().medication
              }})
            </li>
          }
          @if (markerCounts().ed_visit > 0) {
            <li>
              <span class="glyph ed_visit" aria-hidden="true">ED</span> Emergency department visit ({{
                markerCounts().ed_visit
              }})
            </li>
          }
          @if (markerCounts().admission > 0) {
            <li>
              <span class="glyph admission" aria-hidden="true">H</span> Hospital admission ({{
                markerCounts().admission
              }})
            </li>
          }
        </ul>
        @if (view().markers.length > 0) {
          <ul class="events" aria-label="Events on the chart">
            @for (m of view().markers; track $index) {
              <li>
                <span class="glyph" [class]="m.kind" aria-hidden="true">{{ eventGlyph(m) }}</span>
                {{ date(m.date) }}: {{ m.label }}
              </li>
            }
          </ul>
        }
      }
    </figure>
  `,
  styleUrl: './chart-figure.scss',
})
export class TrajectoryChartComponent {
  readonly view = input.required<TrajectoryView>();
  protected readonly id = `trajectory-${nextId++}`;
  protected readonly scheme = SCHEME;
  protected readonly markerCounts = computed(() => {
    const markers = this.view().markers;
    return {
      review: markers.filter((m) => m.kind === 'review').length,
      treatment: markers.filter((m) => m.kind === 'treatment').length,
      medication: markers.filter((m) => m.kind === 'medication').length,
      ed_visit: markers.filter((m) => m.kind === 'ed_visit').length,
      admission: markers.filter((m) => m.kind === 'admission').length,
    };
  });

  protected readonly date = formatIsoDate;
  /** The glyph of an event in the list under the chart (medications as "Rx", not their label). */
  protected eventGlyph(m: TrajectoryMarker): string {
    return m.kind === 'medication' ? 'Rx' : markerGlyph(m);
  }
  protected readonly tickDate = (d: Date): string =>
    d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

  protected changeText(change: number | null, percent: number | null): string {
    if (change === null) return 'baseline';
    const sign = change > 0 ? '+' : '';
    return percent === null ? `${sign}${change}` : `${sign}${change} (${sign}${percent}%)`;
  }
}
