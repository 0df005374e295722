import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import type { HuddleItemView } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { nextHuddleOf } from './next-huddle';
import { formatIsoDate, formatIsoDateWithWeekday, weekdayName } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { HuddleDiscussDialog } from './huddle-discuss.dialog';
import { IntegratedCareService } from './integrated-care.service';
import { NEED_DOMAIN_LABELS } from './labels';

/** The team huddle: open items (question, who raised it, open social needs), then recently discussed ones. */
@Component({
  selector: 'hd-huddle-page',
  imports: [MatButtonModule, RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Team huddle</h1>
    <p class="schedule" role="note">
      @if (calendar.huddle(); as h) {
        Weekly on {{ weekday(h.weekday) }} at {{ h.time }} (clinic time) · next huddle
        <strong>{{ nextHuddle() }}</strong>
      } @else {
        No huddle day set: items are listed without a date (an administrator sets the day in clinic settings).
      }
    </p>
    @if (items.error()) {
      <hd-page-state kind="error" message="The huddle list could not be loaded." (retry)="items.reload()" />
    } @else if (!items.value()) {
      <hd-page-state kind="loading" message="Loading the huddle list…" />
    } @else {
      <section aria-labelledby="open-title" class="panel">
        <h2 id="open-title">Open items ({{ open().length }})</h2>
        @if (open().length === 0) {
          <hd-page-state kind="empty" message="Nothing on the huddle. Add a patient from their page." />
        }
        <ul class="items">
          @for (item of open(); track item.id) {
            <li>
              <h3>
                <a [routerLink]="['/patients', item.patientId]">{{ item.patientName }}</a>
                <span class="muted">MRN {{ item.mrn }}</span>
              </h3>
              <p class="question">{{ item.question }}</p>
              @if (item.huddleOn) {
                @if (item.huddleOn < calendar.today()) {
                  <p class="when carried">
                    Carried over: not discussed at the huddle of {{ withWeekday(item.huddleOn) }}
                  </p>
                } @else {
                  <p class="when">For the huddle of {{ withWeekday(item.huddleOn) }}</p>
                }
              }
              <p class="muted">
                Raised by {{ item.raisedBy.displayName }} on {{ calendar.formatDateTime(item.raisedAt) }}
              </p>
              @if (item.openNeeds.length > 0) {
                <p class="needs">Open social needs: {{ needs(item) }}</p>
              }
              <button
                mat-flat-button
                type="button"
                (click)="discuss(item)"
                [attr.aria-label]="'Record the huddle note for ' + item.patientName"
              >
                Record note and tasks
              </button>
            </li>
          }
        </ul>
      </section>
      <section aria-labelledby="done-title" class="panel">
        <h2 id="done-title">Discussed in the last 14 days</h2>
        @if (discussed().length === 0) {
          <p class="muted">None yet.</p>
        }
        <ul class="items">
          @for (item of discussed(); track item.id) {
            <li>
              <h3>
                <a [routerLink]="['/patients', item.patientId]">{{ item.patientName }}</a>
              </h3>
              <p class="question">{{ item.question }}</p>
              <p>{{ item.discussionNote }}</p>
              @if (item.tasks.length > 0) {
                <ul class="tasks" [attr.aria-label]="'Tasks for ' + item.patientName">
                  @for (t of item.tasks; track t.id) {
                    <li [class.overdue]="t.overdue">
                      {{ t.title }} · {{ t.owner.displayName }} · due {{ date(t.dueOn)
                      }}{{ t.done ? ' · done' : t.overdue ? ' · overdue' : '' }}
                    </li>
                  }
                </ul>
              }
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 16px;
      max-width: 960px;
      margin: 0 auto;
    }
    .items {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 12px;
    }
    .items > li {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 12px;
    }
    h3 {
      margin: 0 0 4px;
      font-size: 1.05rem;
    }
    p {
      margin: 4px 0;
      overflow-wrap: anywhere;
    }
    .question {
      font-weight: 500;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font-weight: normal;
    }
    h3 .muted {
      margin-left: 8px;
    }
    .schedule {
      margin: 0 0 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .when {
      font-weight: 600;
      color: var(--mat-sys-primary);
    }
    .when.carried {
      color: var(--mat-sys-error);
    }
    .needs {
      color: var(--mat-sys-error);
    }
    .tasks .overdue {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class HuddlePage {
  private readonly service = inject(IntegratedCareService);
  private readonly dialog = inject(MatDialog);
  protected readonly calendar = inject(ClinicCalendar);
  protected readonly items = rxResource({ stream: () => this.service.huddleItems() });
  protected readonly open = computed(() => (this.items.value() ?? []).filter((i) => !i.discussedAt));
  protected readonly discussed = computed(() => (this.items.value() ?? []).filter((i) => i.discussedAt));
  protected readonly date = formatIsoDate;
  protected readonly weekday = weekdayName;
  protected readonly withWeekday = formatIsoDateWithWeekday;
  protected readonly nextHuddle = computed(() => {
    const next = nextHuddleOf(this.calendar);
    return next ? formatIsoDateWithWeekday(next) : '';
  });

  protected needs(item: HuddleItemView): string {
    return item.openNeeds.map((d) => NEED_DOMAIN_LABELS[d]).join(', ');
  }

  protected discuss(item: HuddleItemView): void {
    this.dialog
      .open(HuddleDiscussDialog, { data: item, width: '640px', maxWidth: '95vw' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) this.items.reload();
      });
  }
}
