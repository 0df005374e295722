import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { ProblemView } from '@huddle/shared-types';
import { AuthService } from '../core/auth/auth.service';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { IntegratedCareService } from './integrated-care.service';
import { CARE_RECORD_WRITERS, CHRONIC_LABELS } from './labels';
import { ProblemDialog, type ProblemDialogMode } from './problem.dialog';

/** The problem list (ICD-10-CM) with chronic conditions marked, and the latest HbA1c and blood pressure. */
@Component({
  selector: 'hd-problem-list-panel',
  imports: [MatButtonModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canEdit()) {
      <div class="actions" role="group" aria-label="Problem list actions">
        <button mat-stroked-button type="button" (click)="open('problem')">Add a problem</button>
        <button mat-button type="button" (click)="open('hba1c')">Record HbA1c</button>
        <button mat-button type="button" (click)="open('blood_pressure')">Record blood pressure</button>
      </div>
    }
    @if (record.error()) {
      <hd-page-state kind="error" message="The problem list could not be loaded." (retry)="record.reload()" />
    } @else if (!record.value()) {
      <hd-page-state kind="loading" message="Loading the problem list…" />
    } @else {
      @let r = record.value()!;
      <p class="vitals">
        <span
          >HbA1c:
          {{ r.vitals.hba1c ? r.vitals.hba1c.value + '% on ' + date(r.vitals.hba1c.on) : 'none recorded' }}</span
        >
        <span>
          Blood pressure:
          {{
            r.vitals.bloodPressure
              ? r.vitals.bloodPressure.systolic +
                '/' +
                r.vitals.bloodPressure.diastolic +
                ' mm Hg on ' +
                date(r.vitals.bloodPressure.on)
              : 'none recorded'
          }}
        </span>
      </p>
      @if (r.problems.length === 0) {
        <p class="muted">No problems recorded.</p>
      } @else {
        <ul class="problems" aria-label="Problem list">
          @for (p of r.problems; track p.id) {
            <li [class.resolved]="p.status === 'resolved'">
              <span class="code">{{ p.code }}</span>
              <span class="text">{{ p.text ?? '' }}</span>
              @for (c of p.chronicConditions; track c) {
                <span class="chip">{{ chronic(c) }}</span>
              }
              <span class="when">
                @if (p.onsetOn) {
                  since {{ date(p.onsetOn) }}
                }
                @if (p.status === 'resolved') {
                  · resolved {{ date(p.resolvedOn) }}
                }
              </span>
              @if (canEdit() && p.status === 'active') {
                <button
                  mat-button
                  type="button"
                  (click)="resolve(p)"
                  [attr.aria-label]="'Mark ' + p.code + ' resolved'"
                >
                  Mark resolved
                </button>
              }
            </li>
          }
        </ul>
      }
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
    }
  `,
  styles: `
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .vitals {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 24px;
    }
    .problems {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 4px;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      padding: 4px 0;
    }
    li.resolved .text,
    li.resolved .code {
      text-decoration: line-through;
    }
    .code {
      font-weight: 600;
    }
    .chip {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      border-radius: 12px;
      padding: 0 8px;
      font-size: 0.85rem;
    }
    .when,
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ProblemListPanelComponent {
  private readonly service = inject(IntegratedCareService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly calendar = inject(ClinicCalendar);

  readonly patientId = input.required<string>();

  protected readonly record = rxResource({
    params: () => this.patientId(),
    stream: ({ params }) => this.service.problems(params),
  });
  protected readonly canEdit = computed(() => CARE_RECORD_WRITERS.includes(this.auth.role() ?? ''));
  protected readonly error = signal<string | null>(null);
  protected readonly date = formatIsoDate;

  protected chronic(id: string): string {
    return CHRONIC_LABELS[id] ?? id;
  }

  protected open(mode: ProblemDialogMode): void {
    this.dialog
      .open(ProblemDialog, { data: { mode, patientId: this.patientId() }, width: '440px', maxWidth: '95vw' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) this.record.reload();
      });
  }

  protected resolve(problem: ProblemView): void {
    this.error.set(null);
    this.service.resolveProblem(problem.id, this.calendar.today(), problem.version).subscribe({
      next: () => this.record.reload(),
      error: (e: unknown) => this.error.set(apiErrorMessage(e, 'The problem could not be resolved.')),
    });
  }
}
