import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { PageStateComponent } from '../shared/page-state.component';
import { formatPer100, formatRate, ScreeningApi } from './screening.api';
import { clinicYear, YearToggleComponent } from './year-toggle.component';

/**
 * The health-system view (issue #17): every clinic of the organisation side by side — caseloads,
 * outcomes, quality measures, screening, warm handoffs, utilization. Aggregates only (no patient-level
 * field reaches this role). One card per clinic, so it reads on a phone as on a desk.
 */
@Component({
  selector: 'hd-organisation-page',
  imports: [YearToggleComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      @if (summary.value(); as s) {
        <h1>{{ s.organisationName }}</h1>
      } @else {
        <h1>Health system</h1>
      }
      <hd-year-toggle [(year)]="year" />
      @if (summary.error()) {
        <hd-page-state kind="error" message="The clinics could not be loaded." (retry)="summary.reload()" />
      } @else if (!summary.value()) {
        <hd-page-state kind="loading" message="Loading the clinics…" />
      } @else {
        <ul class="clinics" aria-label="Clinics">
          @for (c of summary.value()!.clinics; track c.clinicId) {
            <li class="clinic">
              <h2>{{ c.clinicName }}</h2>
              <dl>
                <div>
                  <dt>Open episodes</dt>
                  <dd>
                    {{ c.openEpisodes }} ({{ c.careManagers }}
                    {{ c.careManagers === 1 ? 'care manager' : 'care managers' }})
                  </dd>
                </div>
                <div>
                  <dt>Improved (≥ 70 days)</dt>
                  <dd>{{ rate(c.improvementRate) }}</dd>
                </div>
                <div>
                  <dt>Contact with a scale this month</dt>
                  <dd>{{ rate(c.monthlyContactWithScale) }}</dd>
                </div>
                <div>
                  <dt>Consultant review rate</dt>
                  <dd>{{ rate(c.consultationRate) }}</dd>
                </div>
                <div>
                  <dt>CMS159 remission at 12 months</dt>
                  <dd>{{ rate(c.cms159Remission) }}</dd>
                </div>
                <div>
                  <dt>Patients screened</dt>
                  <dd>{{ c.patientsScreened }}</dd>
                </div>
                <div>
                  <dt>CMS2 screening and follow-up</dt>
                  <dd>{{ rate(c.cms2) }}</dd>
                </div>
                <div>
                  <dt>Warm handoffs</dt>
                  <dd>{{ rate(c.handoffs.warmHandoffs) }}</dd>
                </div>
                <div>
                  <dt>Median days to first contact</dt>
                  <dd>{{ c.handoffs.medianDaysToFirstContact ?? '—' }}</dd>
                </div>
                <div>
                  <dt>Engaged after referral</dt>
                  <dd>{{ rate(c.handoffs.engaged) }}</dd>
                </div>
                <div>
                  <dt>ED visits per 100 patients</dt>
                  <dd>{{ per100(c.utilization.edVisitsPer100) }}</dd>
                </div>
                <div>
                  <dt>30-day readmissions</dt>
                  <dd>{{ c.utilization.readmissions }} of {{ c.utilization.indexAdmissions }} discharges</dd>
                </div>
              </dl>
            </li>
          }
        </ul>
      }
    </div>
  `,
  styles: `
    .page {
      padding: 16px;
      max-width: 1400px;
    }
    .clinics {
      list-style: none;
      padding: 0;
      margin: 12px 0;
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
      gap: 12px;
    }
    .clinic {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 12px;
      min-width: 0;
    }
    h2 {
      margin: 0 0 8px;
      font-size: 1.125rem;
    }
    dl {
      margin: 0;
      display: grid;
      gap: 4px;
    }
    dl div {
      display: flex;
      justify-content: space-between;
      gap: 12px;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      text-align: right;
      font-weight: 600;
    }
  `,
})
export class OrganisationPage {
  private readonly api = inject(ScreeningApi);
  protected readonly year = clinicYear();
  protected readonly summary = rxResource({
    params: () => this.year(),
    stream: ({ params }) => this.api.organisation(params),
  });
  protected readonly rate = formatRate;
  protected readonly per100 = formatPer100;

  constructor() {
    inject(Title).setTitle('Health system · Huddle');
  }
}
