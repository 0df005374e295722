import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { serverMessage } from '../core/http/api-fetch';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { FollowUpPlanKindValue, ScreeningVisitRecord } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { formatIsoDate } from '../shared/dates';
import { ScreeningApi } from './screening.api';

const PLAN_KINDS: { value: FollowUpPlanKindValue; label: string }[] = [
  { value: 'medication', label: 'Medication' },
  { value: 'other', label: 'Other follow-up' },
  { value: 'handout', label: 'Handout (does not count alone)' },
];

/** A saved screening: results, the follow-up plan of a positive depression screen, the referral and warm handoff. */
@Component({
  selector: 'hd-screening-result',
  imports: [MatButtonModule, MatButtonToggleModule, MatCheckboxModule, MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './screening-result.component.html',
  styles: `
    section {
      display: grid;
      gap: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 12px;
    }
    ul {
      margin: 0;
      padding-left: 20px;
    }
    .positive {
      font-weight: 600;
      color: #8c1d18;
    }
    .kinds {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
    }
    .error {
      color: #8c1d18;
    }
  `,
})
export class ScreeningResultComponent {
  readonly visit = input.required<ScreeningVisitRecord>();
  readonly updated = output<ScreeningVisitRecord>();

  private readonly api = inject(ScreeningApi);
  protected readonly today = inject(ClinicCalendar).today;
  protected readonly kinds = PLAN_KINDS;
  protected readonly date = formatIsoDate;
  /** Who may take the handoff: the clinic's care managers and consultants (readable by a PCP too). */
  protected readonly team = rxResource({ stream: () => this.api.handoffClinicians() });
  protected readonly clinicians = computed(() => this.team.value() ?? []);
  protected readonly planKinds = signal<FollowUpPlanKindValue[]>([]);
  protected readonly warm = signal<boolean | null>(null);
  protected readonly takenBy = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly anyPositive = computed(() => {
    const v = this.visit();
    return v.depressionPositive === true || v.anxietyPositive === true || !!v.auditC?.positive || !!v.pcPtsd5?.positive;
  });

  protected toggleKind(kind: FollowUpPlanKindValue, on: boolean): void {
    this.planKinds.update((k) => (on ? [...k, kind] : k.filter((x) => x !== kind)));
  }

  protected savePlan(): void {
    const v = this.visit();
    this.call(this.api.followUpPlan(v.id, { version: v.version, kinds: this.planKinds(), on: this.today() }));
  }

  protected refer(): void {
    const warm = this.warm() === true;
    this.call(
      this.api.refer(this.visit().id, {
        referredOn: this.today(),
        warmHandoff: warm,
        handoffTakenById: warm ? this.takenBy() : null,
      }),
    );
  }

  private call(request: ReturnType<ScreeningApi['refer']>): void {
    this.busy.set(true);
    this.error.set(null);
    request.subscribe({
      next: (v) => {
        this.busy.set(false);
        this.updated.emit(v);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(serverMessage(e) ?? 'Not saved.');
      },
    });
  }
}
