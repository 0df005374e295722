import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { CptCode, type BillingWorklist, type BillingWorklistRow } from '@huddle/shared-types';
import { map } from 'rxjs';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { apiErrorMessage } from '../core/http/api-error';
import { patientName } from '../shared/labels';
import { ExportButtonsComponent, type ExportSource } from '../shared/export-buttons.component';
import { PageStateComponent } from '../shared/page-state.component';
import { BillingWorklistService } from './billing-worklist.service';
import { lastCompleteMonthEnd, monthLongLabel, monthsEndingWith } from './outcomes-period.mapper';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `99493 ×1, 99494 ×2`, or `—`. */
export function codesText(row: Pick<BillingWorklistRow, 'lines'>): string {
  return row.lines.length === 0 ? '—' : row.lines.map((l) => `${l.code} ×${l.units}`).join(', ');
}

/** `99493: 12 · 99494: 3` over the codes billed this month. */
export function unitsText(totals: BillingWorklist['totals']): string {
  const parts = Object.values(CptCode).flatMap((code) => {
    const units = totals.units[code];
    return units ? [`${code}: ${units}`] : [];
  });
  return parts.length === 0 ? 'no billable units' : parts.join(' · ');
}

/**
 * Leadership's monthly CoCM billing worklist: per patient of the month, care manager, billing PCP,
 * minutes, codes and why a patient is not billable; the month (the clinic's, last complete one by
 * default) lives in the URL; "Download CSV" / "Download Excel" save the server's files.
 */
@Component({
  selector: 'hd-billing-worklist-page',
  imports: [DecimalPipe, ExportButtonsComponent, MatFormFieldModule, MatSelectModule, PageStateComponent, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './billing-worklist.page.html',
  styleUrl: './billing-worklist.page.scss',
})
export class BillingWorklistPage {
  private readonly service = inject(BillingWorklistService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly calendar = inject(ClinicCalendar);

  private readonly monthParam = toSignal(this.route.queryParamMap.pipe(map((m) => m.get('month'))), {
    requireSync: true,
  });
  protected readonly month = computed(() => {
    const param = this.monthParam();
    return param && MONTH.test(param) ? param : lastCompleteMonthEnd(this.calendar.today()).slice(0, 7);
  });
  protected readonly months = computed(() =>
    monthsEndingWith(this.calendar.month(), 12).map((value, i) => ({
      value,
      label: i === 0 ? `${monthLongLabel(value)} (month to date)` : monthLongLabel(value),
    })),
  );
  protected readonly worklist = rxResource({
    params: () => (this.calendar.timeZone() === null ? undefined : this.month()),
    stream: ({ params }) => this.service.worklist(params),
  });
  /** CSV and Excel of the month shown (issue #15), from the API with the user's session. */
  protected readonly exportSource = computed<ExportSource>(() => ({
    urls: { csv: '/api/billing/worklist.csv', xlsx: '/api/billing/worklist.xlsx' },
    params: { month: this.month() },
  }));

  protected readonly monthLong = monthLongLabel;
  protected readonly nameOf = patientName;
  protected readonly codes = codesText;
  protected readonly units = unitsText;

  protected error(e: unknown): string {
    return apiErrorMessage(e, 'The billing worklist could not be loaded.');
  }

  protected setMonth(month: string): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { month }, replaceUrl: true });
  }
}
