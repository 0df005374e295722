import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { BarChartModule, ScaleType, type Color } from '@swimlane/ngx-charts';
import type { CaseloadSize } from '@huddle/shared-types';
import { caseloadBars } from './outcomes.mapper';

const SCHEME: Color = { name: 'caseloads', selectable: false, group: ScaleType.Ordinal, domain: ['#1f5fa8'] };

/** Open episodes per care manager against capacity (> 75 per FTE is a warning). */
@Component({
  selector: 'hd-caseload-sizes',
  imports: [BarChartModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure aria-labelledby="caseload-sizes-title">
      <h3 id="caseload-sizes-title">Caseload sizes</h3>
      <figcaption class="summary">{{ summary() }}</figcaption>
      @if (caseloads().length > 0) {
        <div class="side-by-side">
          <div class="plot" aria-hidden="true" [style.height.px]="80 + caseloads().length * 36">
            <ngx-charts-bar-horizontal
              [results]="bars()"
              [scheme]="scheme"
              [xAxis]="true"
              [yAxis]="true"
              [referenceLines]="capacityLines()"
              [showRefLines]="true"
              [showRefLabels]="true"
              [xScaleMax]="xMax()"
              [animations]="false"
            />
          </div>
          <div class="table-wrap" role="region" aria-label="Caseload sizes, table" tabindex="0">
            <table class="data">
              <caption class="visually-hidden">
                Open episodes per care manager against capacity
              </caption>
              <thead>
                <tr>
                  <th scope="col">Care manager</th>
                  <th scope="col" class="num">FTE</th>
                  <th scope="col" class="num">Open episodes</th>
                  <th scope="col" class="num">Capacity</th>
                </tr>
              </thead>
              <tbody>
                @for (c of caseloads(); track c.careManagerId) {
                  <tr>
                    <th scope="row">{{ c.careManager }}</th>
                    <td class="num">{{ c.fte }}</td>
                    <td class="num">
                      {{ c.openEpisodes }}
                      @if (c.overCapacity) {
                        <strong class="over">over</strong>
                      }
                    </td>
                    <td class="num">{{ c.capacity }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </div>
      }
    </figure>
  `,
  styleUrl: '../charts/chart-figure.scss',
  styles: `
    .plot {
      min-height: 160px;
    }
    .over {
      color: var(--mat-sys-error);
      margin-left: 4px;
    }
  `,
})
export class CaseloadSizesComponent {
  readonly caseloads = input.required<readonly CaseloadSize[]>();
  protected readonly scheme = SCHEME;
  protected readonly bars = computed(() => caseloadBars(this.caseloads()));
  protected readonly capacityLines = computed(() =>
    [...new Set(this.caseloads().map((c) => c.capacity))].map((value) => ({ name: `Capacity ${value}`, value })),
  );
  protected readonly xMax = computed(() =>
    Math.max(10, ...this.caseloads().map((c) => Math.max(c.openEpisodes, c.capacity))),
  );
  protected readonly summary = computed(() => {
    const list = this.caseloads();
    if (list.length === 0) return 'No care managers with open episodes.';
    const over = list.filter((c) => c.overCapacity).length;
    const total = list.reduce((n, c) => n + c.openEpisodes, 0);
    return `${total} open episodes across ${list.length} care managers; ${over === 0 ? 'none' : over} over capacity.`;
  });
}
