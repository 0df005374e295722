import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { serverMessage } from '../core/http/api-fetch';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UtilizationEventRecord, UtilizationKindValue } from '@huddle/shared-types';
import { AuthService } from '../core/auth/auth.service';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { formatIsoDate } from '../shared/dates';
import { ScreeningApi } from './screening.api';

/**
 * A patient's ED visits and hospital admissions (issue #17), entered here or imported from FHIR; they
 * are also drawn on the PHQ-9/GAD-7 charts and listed on the timeline.
 */
@Component({
  selector: 'hd-utilization-panel',
  imports: [MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="utilization-title" class="panel">
      <h2 id="utilization-title">ED visits and admissions</h2>
      @if (events(); as list) {
        <ul>
          @for (e of list; track e.id) {
            <li>
              {{ e.kind === 'ed_visit' ? 'ED visit' : 'Admission' }} {{ date(e.startsOn) }}
              @if (e.endsOn) {
                – discharged {{ date(e.endsOn) }}
              }
              @if (e.source === 'import') {
                (imported)
              }
            </li>
          } @empty {
            <li>None recorded.</li>
          }
        </ul>
      }
      @if (canWrite()) {
        <div class="add" role="group" aria-label="Add an ED visit or admission">
          <mat-button-toggle-group
            [value]="kind()"
            (change)="kind.set($event.value)"
            aria-label="Kind"
            hideSingleSelectionIndicator
          >
            <mat-button-toggle value="ed_visit">ED visit</mat-button-toggle>
            <mat-button-toggle value="admission">Admission</mat-button-toggle>
          </mat-button-toggle-group>
          <mat-form-field appearance="outline">
            <mat-label>{{ kind() === 'admission' ? 'Admitted' : 'Date' }}</mat-label>
            <input
              matInput
              type="date"
              [max]="today()"
              [value]="startsOn()"
              (change)="startsOn.set($any($event.target).value)"
            />
          </mat-form-field>
          @if (kind() === 'admission') {
            <mat-form-field appearance="outline">
              <mat-label>Discharged</mat-label>
              <input
                matInput
                type="date"
                [max]="today()"
                [value]="endsOn()"
                (change)="endsOn.set($any($event.target).value)"
              />
            </mat-form-field>
          }
          <button mat-stroked-button type="button" [disabled]="!startsOn() || busy()" (click)="add()">Add</button>
        </div>
        @if (error(); as e) {
          <p class="error" role="alert">{{ e }}</p>
        }
      }
    </section>
  `,
  styles: `
    .panel {
      margin-top: 24px;
      padding-top: 8px;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 8px 0 12px;
    }
    .add {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .error {
      color: #8c1d18;
    }
  `,
})
export class UtilizationPanelComponent {
  readonly patientId = input.required<string>();
  /** The patient's events (the patient page loads them with the page; `null` while loading). */
  readonly events = input<UtilizationEventRecord[] | null | undefined>(null);
  /** Emitted after an event was added: the page reloads the list (and the chart markers). */
  readonly added = output<void>();

  private readonly api = inject(ScreeningApi);
  private readonly auth = inject(AuthService);
  /** Care managers and PCPs enter them (API: utilization:write). */
  protected readonly canWrite = computed(() => ['care_manager', 'pcp'].includes(this.auth.role() ?? ''));
  protected readonly today = inject(ClinicCalendar).today;
  protected readonly date = formatIsoDate;
  protected readonly kind = signal<UtilizationKindValue>('ed_visit');
  protected readonly startsOn = signal('');
  protected readonly endsOn = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected add(): void {
    this.busy.set(true);
    this.error.set(null);
    const endsOn = this.kind() === 'admission' && this.endsOn() ? this.endsOn() : null;
    this.api.addUtilization(this.patientId(), { kind: this.kind(), startsOn: this.startsOn(), endsOn }).subscribe({
      next: () => {
        this.busy.set(false);
        this.startsOn.set('');
        this.endsOn.set('');
        this.added.emit();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(serverMessage(e) ?? 'Not saved.');
      },
    });
  }
}
