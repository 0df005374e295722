import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { RelapsePreventionPlanFields, RelapsePreventionPlanView } from '@huddle/shared-types';
import { AuthService } from '../core/auth/auth.service';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { CareRecordService } from './care-record.service';

/**
 * Sections of a relapse-prevention plan (clinical-reference.md: active treatment → relapse-prevention
 * plan → discharged), in the order they are discussed with the patient.
 */
export const PLAN_SECTIONS: ReadonlyArray<{ key: keyof RelapsePreventionPlanFields; label: string; hint: string }> = [
  { key: 'warningSigns', label: 'Personal warning signs', hint: 'Early signs that symptoms are coming back' },
  { key: 'copingStrategies', label: 'Coping strategies', hint: 'What helps when the signs appear' },
  { key: 'supports', label: 'Supports and contacts', hint: 'People and services to call' },
  { key: 'maintenanceTreatment', label: 'Maintenance treatment', hint: 'Medication and therapy to continue' },
  { key: 'maintenanceDuration', label: 'How long to continue', hint: 'e.g. 6–12 months after remission' },
  { key: 'monitoringPlan', label: 'Follow-up and monitoring', hint: 'e.g. PHQ-9 monthly at the care-manager call' },
  { key: 'ifSymptomsReturn', label: 'If symptoms return', hint: 'Who to contact and what happens next' },
];

const WRITERS = ['care_manager', 'psychiatric_consultant', 'pcp'];

type PlanControls = { [K in keyof RelapsePreventionPlanFields]: FormControl<string> };

/** One section of the plan: required, at most 4,000 characters (the API's limit). */
const sectionControl = (): FormControl<string> =>
  new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(4000)] });

const emptyFields = (): RelapsePreventionPlanFields => ({
  warningSigns: '',
  copingStrategies: '',
  supports: '',
  maintenanceTreatment: '',
  maintenanceDuration: '',
  monitoringPlan: '',
  ifSymptomsReturn: '',
});

/** The episode's structured relapse-prevention plan, read and (for the care team) edited in place. */
@Component({
  selector: 'hd-relapse-plan-panel',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (plan.error()) {
      <hd-page-state kind="error" [message]="loadError()" (retry)="plan.reload()" />
    } @else if (!plan.value()) {
      <hd-page-state kind="loading" message="Loading the plan…" />
    } @else if (editing()) {
      <form class="plan-form" [formGroup]="form" (ngSubmit)="save()" aria-label="Relapse-prevention plan">
        @for (s of sections; track s.key) {
          <mat-form-field appearance="outline">
            <mat-label>{{ s.label }}</mat-label>
            <textarea matInput rows="2" required maxlength="4000" [formControlName]="s.key"></textarea>
            <mat-hint>{{ s.hint }}</mat-hint>
          </mat-form-field>
        }
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
        <div class="buttons">
          <button mat-flat-button type="submit" [disabled]="saving() || form.invalid">
            {{ saving() ? 'Saving…' : 'Save plan' }}
          </button>
          <button mat-button type="button" (click)="editing.set(false)">Cancel</button>
        </div>
      </form>
    } @else if (current(); as p) {
      <dl class="plan">
        @for (s of sections; track s.key) {
          <div>
            <dt>{{ s.label }}</dt>
            <dd>{{ p[s.key] }}</dd>
          </div>
        }
      </dl>
      <p class="muted">Saved by {{ p.updatedBy.displayName }} on {{ date(p.updatedAt) }} (version {{ p.version }}).</p>
      @if (canEdit()) {
        <button mat-stroked-button type="button" (click)="edit()">Edit plan</button>
      }
    } @else {
      <p class="muted">No relapse-prevention plan yet.</p>
      @if (canEdit()) {
        <button mat-stroked-button type="button" (click)="edit()">Write the plan</button>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .plan-form {
      display: grid;
      gap: 8px;
    }
    .plan {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
      gap: 12px 24px;
      margin: 0 0 8px;
    }
    dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 2px 0 0;
      white-space: pre-line;
      overflow-wrap: anywhere;
    }
    .buttons {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class RelapsePlanPanelComponent {
  private readonly service = inject(CareRecordService);
  private readonly auth = inject(AuthService);
  readonly episodeId = input.required<string>();
  /** A discharged episode's plan is read-only. */
  readonly closed = input(false);

  protected readonly sections = PLAN_SECTIONS;
  protected readonly plan = rxResource({
    params: () => this.episodeId(),
    stream: ({ params }) => this.service.relapsePlan(params),
  });
  protected readonly current = linkedSignal<RelapsePreventionPlanView | null>(() => this.plan.value()?.plan ?? null);
  protected readonly canEdit = computed(() => !this.closed() && WRITERS.includes(this.auth.role() ?? ''));
  protected readonly editing = signal(false);
  protected readonly form = new FormGroup<PlanControls>({
    warningSigns: sectionControl(),
    copingStrategies: sectionControl(),
    supports: sectionControl(),
    maintenanceTreatment: sectionControl(),
    maintenanceDuration: sectionControl(),
    monitoringPlan: sectionControl(),
    ifSymptomsReturn: sectionControl(),
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly loadError = computed(() => apiErrorMessage(this.plan.error(), 'The plan could not be loaded.'));
  protected readonly date = formatIsoDate;

  protected edit(): void {
    const p = this.current();
    const fields = emptyFields();
    if (p) for (const s of PLAN_SECTIONS) fields[s.key] = p[s.key];
    this.form.reset(fields);
    this.error.set(null);
    this.editing.set(true);
  }

  protected save(): void {
    this.saving.set(true);
    this.error.set(null);
    this.service.saveRelapsePlan(this.episodeId(), this.form.getRawValue(), this.current()?.version ?? null).subscribe({
      next: (res) => {
        this.saving.set(false);
        this.current.set(res.plan);
        this.editing.set(false);
        this.service.changed();
      },
      error: (e: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(e, 'The plan could not be saved.'));
      },
    });
  }
}
