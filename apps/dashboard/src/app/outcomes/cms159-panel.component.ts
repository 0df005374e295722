import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { Cms159StratumCounts } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { apiErrorMessage } from '../core/http/api-error';
import { PageStateComponent } from '../shared/page-state.component';
import { percent } from './outcomes.mapper';
import { OutcomesService } from './outcomes.service';

const STRATUM_LABELS: Record<Cms159StratumCounts['stratum'], string> = {
  all: 'All patients',
  '12-17': 'Ages 12–17 (stratum 1)',
  '18+': 'Ages 18 and over (stratum 2)',
};

/**
 * Huddle's CMS159 (depression remission at 12 months) computed per the eCQM's own definitions — the
 * service behind `Measure/CMS159/$evaluate-measure` — over the clinic, for a calendar-year measurement
 * period: the measure's populations per stratum (leadership; counts only, no patient).
 */
type Cms159Column = 'initialPopulation' | 'denominator' | 'denominatorExclusion' | 'numerator' | 'rate';

@Component({
  selector: 'hd-cms159-panel',
  imports: [MatFormFieldModule, MatSelectModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <p class="muted">
        Patients 12 and older with major depression or dysthymia and an index PHQ-9 above 9: remission (PHQ-9 below 5)
        12 months (± 60 days) later. Exclusions: bipolar disorder, personality disorder, psychosis, pervasive
        developmental disorder, hospice or palliative care, death.
      </p>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="year">
        <mat-label>Measurement period</mat-label>
        <mat-select [value]="shownYear()" (valueChange)="year.set($event)">
          @for (y of years(); track y) {
            <mat-option [value]="y">{{ y }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
    </div>
    @if (report.error()) {
      <hd-page-state kind="error" [message]="error(report.error())" (retry)="report.reload()" />
    } @else if (!report.value()) {
      <hd-page-state kind="loading" message="Evaluating CMS159…" />
    } @else if (report.value()!.unavailable) {
      <p class="notice" role="status">{{ report.value()!.unavailable }}</p>
    } @else {
      <div class="scroll" tabindex="0" role="region" aria-label="CMS159 populations table">
        <!-- Explicit roles keep the table's semantics on phones, where its rows are laid out as cards. -->
        <table class="data" role="table">
          <caption class="visually-hidden">
            CMS159 populations per stratum,
            {{
              report.value()!.periodStart
            }}
            to
            {{
              report.value()!.periodEnd
            }}
          </caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">Stratum</th>
              @for (c of columns; track c.key) {
                <th scope="col" role="columnheader" class="num">{{ c.label }}</th>
              }
            </tr>
          </thead>
          <tbody role="rowgroup">
            @for (s of report.value()!.strata; track s.stratum) {
              <tr role="row" [class.total]="s.stratum === 'all'">
                <th scope="row" role="rowheader">{{ label(s) }}</th>
                @for (c of columns; track c.key) {
                  <td role="cell" class="num" [attr.data-label]="c.label">{{ cell(s, c.key) }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
      <p class="muted small">
        Rate = numerator ÷ (denominator − exclusions). The same evaluation answers FHIR
        <code>Measure/CMS159/$evaluate-measure</code> as a MeasureReport.
      </p>
    }
  `,
  styles: `
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: 8px 16px;
    }
    .head p {
      flex: 1 1 20rem;
      margin: 0;
    }
    .year {
      width: 15rem;
    }
    .scroll {
      overflow-x: auto;
      margin-top: 12px;
    }
    table.data {
      width: 100%;
      border-collapse: collapse;
    }
    .data th,
    .data td {
      text-align: left;
      padding: 6px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .data tbody th {
      font-weight: normal;
    }
    .data tr.total th,
    .data tr.total td {
      font-weight: 600;
    }
    .data .num {
      text-align: right;
      white-space: nowrap;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .notice {
      margin: 12px 0 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    .small {
      font: var(--mat-sys-body-small);
    }
    /* Phones: one card per stratum, each count labelled, instead of a table scrolled sideways. */
    @media (max-width: 599px) {
      .data thead {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
      .data,
      .data tbody,
      .data tr,
      .data th,
      .data td {
        display: block;
      }
      .data tr {
        padding: 8px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      .data th,
      .data td {
        border-bottom: none;
        padding: 2px 0;
      }
      .data tbody th {
        font-weight: 600;
      }
      .data td.num {
        display: flex;
        justify-content: space-between;
        gap: 16px;
      }
      .data td.num::before {
        content: attr(data-label);
        color: var(--mat-sys-on-surface-variant);
      }
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class Cms159PanelComponent {
  private readonly service = inject(OutcomesService);
  private readonly calendar = inject(ClinicCalendar);

  private readonly thisYear = computed(() => Number(this.calendar.today().slice(0, 4)));
  /** This year and the two before it. */
  protected readonly years = computed(() => [0, 1, 2].map((back) => this.thisYear() - back));
  protected readonly year = signal<number | null>(null);
  protected readonly shownYear = computed(() => this.year() ?? this.thisYear());
  protected readonly report = rxResource({
    params: () => (this.calendar.timeZone() !== null ? this.shownYear() : undefined),
    stream: ({ params }) => this.service.cms159(params),
  });
  protected readonly pct = percent;
  protected readonly columns: ReadonlyArray<{ key: Cms159Column; label: string }> = [
    { key: 'initialPopulation', label: 'Initial population' },
    { key: 'denominator', label: 'Denominator' },
    { key: 'denominatorExclusion', label: 'Exclusions' },
    { key: 'numerator', label: 'Numerator' },
    { key: 'rate', label: 'Rate' },
  ];

  protected cell(s: Cms159StratumCounts, key: Cms159Column): string {
    if (key !== 'rate') return String(s[key]);
    return s.rate === null ? '—' : this.pct(s.rate);
  }

  protected label(s: Cms159StratumCounts): string {
    return STRATUM_LABELS[s.stratum];
  }

  protected error(e: unknown): string {
    return apiErrorMessage(e, 'CMS159 could not be evaluated.');
  }
}
