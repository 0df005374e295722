import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import type { SelfReportState } from '@huddle/shared-types';
import { formatDateTime, formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { SelfReportApi } from './self-report.service';

/** Words for each measurement state (badge text). */
export const SELF_REPORT_STATE_LABELS: Readonly<Record<SelfReportState, string>> = {
  scheduled: 'Scheduled',
  due: 'Due',
  sent: 'Sent',
  overdue: 'Overdue',
  completed: 'Completed',
};

/**
 * The care manager's "due and missing" worklist (issue #16): open episodes whose next measure is due
 * or overdue without a score, with whether a link is out; or the whole schedule.
 */
@Component({
  selector: 'hd-self-report-worklist',
  imports: [RouterLink, MatButtonToggleModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <h1>Self-report</h1>
      <mat-button-toggle-group
        [value]="missing() ? 'missing' : 'all'"
        (change)="missing.set($event.value === 'missing')"
        aria-label="Which episodes"
      >
        <mat-button-toggle value="missing">Due and missing</mat-button-toggle>
        <mat-button-toggle value="all">Whole schedule</mat-button-toggle>
      </mat-button-toggle-group>
      @if (rows.error()) {
        <hd-page-state kind="error" message="The worklist could not be loaded." (retry)="rows.reload()" />
      } @else if (!rows.value()) {
        <hd-page-state kind="loading" message="Loading the worklist…" />
      } @else if (list().length === 0) {
        <hd-page-state
          kind="empty"
          [message]="missing() ? 'Nobody is due or missing a measure.' : 'No open episodes.'"
        />
      } @else {
        <ul class="list" aria-label="Patients">
          @for (r of list(); track r.episodeId) {
            <li class="row">
              <div class="who">
                <a [routerLink]="['/patients', r.patientId]">{{ r.displayName }}</a>
                <span class="mrn">MRN {{ r.mrn }}</span>
              </div>
              <span class="badge" [class]="'badge ' + r.state">{{ labels[r.state] }}</span>
              <dl>
                <div>
                  <dt>Due</dt>
                  <dd>{{ date(r.dueOn) }}</dd>
                </div>
                <div>
                  <dt>Last PHQ-9</dt>
                  <dd>{{ date(r.lastScoreOn) }}</dd>
                </div>
                <div>
                  <dt>Last link sent</dt>
                  <dd>{{ when(r.lastSentAt) }}</dd>
                </div>
                @if (!r.hasContact) {
                  <div>
                    <dt>Contact</dt>
                    <dd>No email or mobile on file</dd>
                  </div>
                }
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
      max-width: 1100px;
    }
    .list {
      list-style: none;
      padding: 0;
      margin: 16px 0;
      display: grid;
      gap: 8px;
    }
    .row {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 4px 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 12px;
    }
    .who {
      display: flex;
      flex-direction: column;
    }
    .mrn {
      color: var(--mat-sys-on-surface-variant);
      font-size: 0.875rem;
    }
    dl {
      grid-column: 1 / -1;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 24px;
      margin: 0;
    }
    dt {
      font-size: 0.8125rem;
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
    .badge {
      align-self: start;
      border-radius: 12px;
      padding: 2px 10px;
      font-weight: 600;
      font-size: 0.875rem;
      background: #e8eaf0;
      color: #1b1f2a;
    }
    .badge.overdue {
      background: #8c1d18;
      color: #fff;
    }
    .badge.due {
      background: #7a4b00;
      color: #fff;
    }
    .badge.sent {
      background: #0b57d0;
      color: #fff;
    }
    .badge.completed {
      background: #146c2e;
      color: #fff;
    }
  `,
})
export class SelfReportWorklistPage {
  private readonly api = inject(SelfReportApi);
  protected readonly labels = SELF_REPORT_STATE_LABELS;
  protected readonly missing = signal(true);
  protected readonly rows = rxResource({
    params: () => this.missing(),
    stream: ({ params }) => this.api.status(params),
  });
  protected readonly list = computed(() => this.rows.value() ?? []);

  constructor() {
    inject(Title).setTitle('Self-report · Huddle');
  }

  protected date(d: string | null): string {
    return formatIsoDate(d);
  }

  protected when(d: string | null): string {
    return d ? formatDateTime(d) : '—';
  }
}
