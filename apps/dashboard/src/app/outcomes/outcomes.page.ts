import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { map } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { CaseloadSizesComponent } from './caseload-sizes.component';
import { OutcomeTrendChartComponent } from './outcome-trend-chart.component';
import { monthLabel, percent, rateText, targetStatus, type OutcomeMeasure } from './outcomes.mapper';
import { OutcomesService } from './outcomes.service';

const MEASURES: readonly OutcomeMeasure[] = ['response', 'remission', 'improved'];
const PERIODS = [6, 12, 24] as const;

/** Outcomes URL state: `?measure=…&months=…&billing=YYYY-MM`. */
export function outcomesStateFromParams(params: Readonly<Record<string, string | null>>): {
  measure: OutcomeMeasure;
  months: number;
  billingMonth: string | null;
} {
  const measure = MEASURES.find((m) => m === params['measure']) ?? 'response';
  const months = PERIODS.find((p) => String(p) === params['months']) ?? 12;
  const billing = params['billing'];
  return { measure, months, billingMonth: billing && /^\d{4}-(0[1-9]|1[0-2])$/.test(billing) ? billing : null };
}

/** The last `count` calendar months, newest first (`YYYY-MM`). */
export function recentMonths(count: number, now = new Date()): string[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(now.getFullYear(), now.getMonth() - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** Leadership view: outcomes over time, program and quality measures, caseloads, billing. Aggregates only. */
@Component({
  selector: 'hd-outcomes-page',
  imports: [
    DecimalPipe,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatSelectModule,
    PageStateComponent,
    OutcomeTrendChartComponent,
    CaseloadSizesComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './outcomes.page.html',
  styleUrl: './outcomes.page.scss',
})
export class OutcomesPage {
  private readonly service = inject(OutcomesService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly state = toSignal(
    this.route.queryParamMap.pipe(
      map((m) =>
        outcomesStateFromParams({ measure: m.get('measure'), months: m.get('months'), billing: m.get('billing') }),
      ),
    ),
    { requireSync: true },
  );
  protected readonly trends = rxResource({
    params: () => this.state().months,
    stream: ({ params }) => this.service.trends(params),
  });
  protected readonly program = rxResource({ stream: () => this.service.program() });
  protected readonly quality = rxResource({ stream: () => this.service.quality() });
  protected readonly billing = rxResource({
    params: () => ({ month: this.state().billingMonth }),
    stream: ({ params }) => this.service.billing(params.month),
  });

  protected readonly measures = MEASURES;
  protected readonly periods = PERIODS;
  protected readonly billingMonths = recentMonths(12).map((value) => ({ value, label: monthLabel(value) }));
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
        help: 'Active patients with a contact and a completed scale this month',
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

  protected setState(change: Partial<{ measure: string; months: number; billing: string }>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: change,
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }
}
