import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { formatIsoMonth } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { formatPer100, formatPercent, formatRate, ScreeningApi } from './screening.api';
import { clinicYear, YearToggleComponent } from './year-toggle.component';

/**
 * Leadership's screening and warm-handoff view (issue #17): screening per month, CMS2, warm-handoff
 * rate, median days to first contact, engagement, and ED-visit / 30-day readmission rates by
 * chronic-condition cohort. Aggregates only.
 */
@Component({
  selector: 'hd-screening-outcomes-page',
  imports: [YearToggleComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './screening-outcomes.page.html',
  styles: `
    .page {
      padding: 16px;
      max-width: 1100px;
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      gap: 12px;
      margin: 12px 0;
    }
    .card {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 12px;
    }
    .card h2 {
      font-size: 1rem;
      margin: 0 0 4px;
    }
    .big {
      font-size: 1.5rem;
      font-weight: 600;
      margin: 0;
    }
    .scroll {
      overflow-x: auto;
      max-width: 100%;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 6px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      white-space: nowrap;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ScreeningOutcomesPage {
  private readonly api = inject(ScreeningApi);
  protected readonly year = clinicYear();
  protected readonly summary = rxResource({
    params: () => this.year(),
    stream: ({ params }) => this.api.summary(params),
  });
  protected readonly cohorts = rxResource({
    params: () => this.year(),
    stream: ({ params }) => this.api.byCohort(params),
  });
  protected readonly rate = formatRate;
  protected readonly pct = formatPercent;
  protected readonly per100 = formatPer100;
  protected readonly month = formatIsoMonth;

  constructor() {
    inject(Title).setTitle('Screening and handoffs · Huddle');
  }
}
