import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { PartialMonth } from '@huddle/shared-types';
import { map } from 'rxjs';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { ExportButtonsComponent, type ExportSource } from '../shared/export-buttons.component';
import { PageStateComponent } from '../shared/page-state.component';
import { CaseloadSizesComponent } from './caseload-sizes.component';
import { Cms159PanelComponent } from './cms159-panel.component';
import { CohortOutcomesComponent } from '../integrated-care/cohort-outcomes.component';
import { OutcomeTrendChartComponent } from './outcome-trend-chart.component';
import {
  emptyMeasureText,
  lastCompleteMonthEnd,
  monthLongLabel,
  monthsEndingWith,
  partialMonthLabel,
} from './outcomes-period.mapper';
import { monthLabel, percent, rateText, targetStatus, type OutcomeMeasure } from './outcomes.mapper';
import { OutcomesService } from './outcomes.service';

const MEASURES: readonly OutcomeMeasure[] = ['response', 'remission', 'improved'];
const PERIODS = [6, 12, 24] as const;

/**
 * Outcomes URL state: `?measure=…&months=…&billing=YYYY-MM&partial=1`. Without `partial` the page shows
 * complete months only (trends end, and measures are taken, at the end of the last complete month).
 */
export function outcomesStateFromParams(params: Readonly<Record<string, string | null>>): {
  measure: OutcomeMeasure;
  months: number;
  billingMonth: string | null;
  partial: boolean;
} {
  const measure = MEASURES.find((m) => m === params['measure']) ?? 'response';
  const months = PERIODS.find((p) => String(p) === params['months']) ?? 12;
  const billing = params['billing'];
  return {
    measure,
    months,
    billingMonth: billing && /^\d{4}-(0[1-9]|1[0-2])$/.test(billing) ? billing : null,
    partial: params['partial'] === '1',
  };
}

/** Leadership view: outcomes over time, program and quality measures, caseloads, billing. Aggregates only. */
@Component({
  selector: 'hd-outcomes-page',
  imports: [
    DecimalPipe,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatSelectModule,
    MatSlideToggleModule,
    RouterLink,
    PageStateComponent,
    OutcomeTrendChartComponent,
    CaseloadSizesComponent,
    ExportButtonsComponent,
    CohortOutcomesComponent,
    Cms159PanelComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './outcomes.page.html',
  styleUrl: './outcomes.page.scss',
})
export class OutcomesPage {
  private readonly service = inject(OutcomesService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly calendar = inject(ClinicCalendar);

  protected readonly state = toSignal(
    this.route.queryParamMap.pipe(
      map((m) =>
        outcomesStateFromParams({
          measure: m.get('measure'),
          months: m.get('months'),
          billing: m.get('billing'),
          partial: m.get('partial'),
        }),
      ),
    ),
    { requireSync: true },
  );
  /** The clinic's calendar is known (its time zone decides where months end). */
  private readonly clinicKnown = computed(() => this.calendar.timeZone() !== null);
  /** Program and quality measures are taken at the end of the last complete month, or today with the partial month. */
  protected readonly asOf = computed(() =>
    this.state().partial ? this.calendar.today() : lastCompleteMonthEnd(this.calendar.today()),
  );
  /** Trends and quality measures as of the date shown, as CSV / Excel (issue #15). */
  protected readonly exportSource = computed<ExportSource>(() => ({
    url: '/api/outcomes/export',
    params: { asOf: this.asOf() },
  }));
  protected readonly lastCompleteMonth = computed(() => lastCompleteMonthEnd(this.calendar.today()).slice(0, 7));
  protected readonly trends = rxResource({
    params: () => ({ months: this.state().months, partial: this.state().partial }),
    stream: ({ params }) => this.service.trends(params.months, params.partial),
  });
  protected readonly program = rxResource({
    params: () => (this.clinicKnown() ? this.asOf() : undefined),
    stream: ({ params }) => this.service.program(params),
  });
  protected readonly quality = rxResource({
    params: () => (this.clinicKnown() ? this.asOf() : undefined),
    stream: ({ params }) => this.service.quality(params),
  });
  protected readonly billingMonth = computed(() => this.state().billingMonth ?? this.lastCompleteMonth());
  protected readonly billing = rxResource({
    params: () => (this.clinicKnown() ? { month: this.billingMonth() } : undefined),
    stream: ({ params }) => this.service.billing(params.month),
  });

  protected readonly measures = MEASURES;
  protected readonly periods = PERIODS;
  /** The clinic's last 12 months; the current one is marked "to date". */
  protected readonly billingMonths = computed(() =>
    monthsEndingWith(this.calendar.month(), 12).map((value, i) => ({
      value,
      label: i === 0 ? `${monthLongLabel(value)} (month to date)` : monthLongLabel(value),
    })),
  );
  protected readonly partialLabel = (p: PartialMonth): string => partialMonthLabel(p);
  protected readonly monthLong = monthLongLabel;
  protected readonly whyEmpty = emptyMeasureText;
  protected readonly rate = rateText;
  protected readonly percent = percent;
  protected readonly date = formatIsoDate;
  protected readonly monthLabel = monthLabel;
  protected readonly programMetrics = computed(() => {
    const p = this.program.value();
    if (!p) return [];
    return [
      {
        label: 'Improvement rate',
        help: 'Enrolled ≥ 70 days, improved (≥ 50% or PHQ-9 < 10)',
        value: p.improvementRate,
        target: 0.6,
      },
      {
        label: 'Monthly contact with a scale',
        help: 'Active patients with a contact and a completed scale in the month',
        value: p.monthlyContactWithScale,
        target: 0.8,
      },
      {
        label: 'Consultation rate',
        help: 'Not improved, enrolled ≥ 60 days: consultant review in the last 60 days',
        value: p.consultationRate,
        target: 0.8,
      },
    ].map((m) => ({ ...m, status: targetStatus(m.value.rate, m.target) }));
  });

  protected error(e: unknown, what: string): string {
    return apiErrorMessage(e, `${what} could not be loaded.`);
  }

  protected setState(
    change: Partial<{ measure: string; months: number; billing: string; partial: string | null }>,
  ): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: change,
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }
}
