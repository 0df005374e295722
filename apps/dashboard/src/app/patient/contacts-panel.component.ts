import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { ContactRecord, PatientMonthlyBilling } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { formatIsoMonth } from '../shared/dates';
import { CONTACT_MODALITY_LABELS, CONTACT_TYPE_LABELS } from '../shared/labels';

const SHOWN = 10;

/** Contacts (newest first) and this month's minutes against the CoCM billing thresholds. */
@Component({
  selector: 'hd-contacts-panel',
  imports: [DecimalPipe, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (billing(); as b) {
      <dl class="facts">
        <div>
          <dt>Minutes this month ({{ month(b.month) }})</dt>
          <dd>
            <strong>{{ b.countableMinutes | number }}</strong> countable
            @if (b.loggedMinutes !== b.countableMinutes) {
              <span class="muted">({{ b.loggedMinutes | number }} logged)</span>
            }
          </dd>
        </div>
        <div>
          <dt>Billable this month</dt>
          <dd>{{ billingLines() || 'Nothing billable yet' }}</dd>
        </div>
        @if (b.nextThreshold; as n) {
          <div>
            <dt>Next threshold</dt>
            <dd>{{ n.code }} at {{ n.atMinutes }} min ({{ n.minutesNeeded }} more)</dd>
          </div>
        }
      </dl>
    }
    @if (contacts().length === 0) {
      <p class="muted">No contacts logged yet.</p>
    } @else {
      <div class="scroll">
        <table>
          <caption class="visually-hidden">
            Contacts and time entries, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Type</th>
              <th scope="col">How</th>
              <th scope="col">Reached</th>
              <th scope="col" class="num">Minutes</th>
              <th scope="col">By</th>
              <th scope="col">Activity</th>
            </tr>
          </thead>
          <tbody>
            @for (c of visible(); track c.id) {
              <tr>
                <td>{{ when(c.startedAt) }}</td>
                <td>{{ types[c.type] }}</td>
                <td>{{ modalities[c.modality] }}</td>
                <td>{{ c.completed ? 'Yes' : 'No' }}</td>
                <td class="num">{{ c.minutes }}</td>
                <td>{{ c.staff.displayName }}</td>
                <td>{{ c.activity ?? '' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (contacts().length > shownCount) {
        <button mat-button type="button" (click)="showAll.set(!showAll())" [attr.aria-expanded]="showAll()">
          {{ showAll() ? 'Show the latest ' + shownCount : 'Show all ' + contacts().length + ' contacts' }}
        </button>
      }
    }
  `,
  styleUrl: './patient-panels.scss',
})
export class ContactsPanelComponent {
  readonly contacts = input.required<readonly ContactRecord[]>();
  readonly billing = input<PatientMonthlyBilling | null>(null);

  private readonly calendar = inject(ClinicCalendar);
  protected readonly month = formatIsoMonth;
  protected readonly shownCount = SHOWN;
  protected readonly showAll = signal(false);
  protected readonly types = CONTACT_TYPE_LABELS;
  protected readonly modalities = CONTACT_MODALITY_LABELS;
  protected readonly sorted = computed(() =>
    [...this.contacts()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
  );
  protected readonly visible = computed(() => (this.showAll() ? this.sorted() : this.sorted().slice(0, SHOWN)));
  protected readonly billingLines = computed(() =>
    (this.billing()?.lines ?? []).map((l) => `${l.code}${l.units > 1 ? ` ×${l.units}` : ''}`).join(', '),
  );

  /** `1 Dec 2026, 14:05` on the clinic's clock. */
  protected when(iso: string): string {
    return this.calendar.formatDateTime(iso);
  }
}
