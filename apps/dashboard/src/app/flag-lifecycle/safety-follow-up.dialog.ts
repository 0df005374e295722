import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import type {
  SafetyAssessmentMethod,
  SafetyDisposition,
  SafetyPlanAction,
  SafetyRiskLevel,
} from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { apiErrorMessage } from '../core/http/api-error';
import { FlagLifecycleService } from './flag-lifecycle.service';
import { DISPOSITION_LABELS, METHOD_LABELS, PLAN_LABELS, RISK_LABELS, options } from './flag-lifecycle.labels';

export interface SafetyFollowUpData {
  patientId: string;
  patientName: string;
}

/**
 * Documents a safety follow-up: how the risk was assessed, the risk level, the plan (safety plan,
 * lethal-means counselling, 988, disposition, consultant) and the next contact; a note is optional.
 * Saving clears the SAFETY flag (clinical-reference.md "Safety follow-up").
 */
@Component({
  selector: 'hd-safety-follow-up-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Safety follow-up — {{ data.patientName }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="grid">
        <mat-form-field appearance="outline">
          <mat-label>Assessed with</mat-label>
          <mat-select formControlName="method" required>
            @for (o of methods; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Risk level</mat-label>
          <mat-select formControlName="riskLevel" required>
            @for (o of risks; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Safety plan</mat-label>
          <mat-select formControlName="safetyPlan" required>
            @for (o of plans; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Disposition</mat-label>
          <mat-select formControlName="disposition" required>
            @for (o of dispositions; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <fieldset class="checks">
          <legend>Plan</legend>
          <mat-checkbox formControlName="lethalMeans">Lethal-means counselling done</mat-checkbox>
          <mat-checkbox formControlName="crisisLine">988 Suicide &amp; Crisis Lifeline given</mat-checkbox>
          <mat-checkbox formControlName="consultantNotified">Consultant notified</mat-checkbox>
        </fieldset>
        <mat-form-field appearance="outline">
          <mat-label>Next contact</mat-label>
          <input matInput type="date" formControlName="nextContactOn" [min]="today()" required />
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Note (optional)</mat-label>
          <textarea matInput formControlName="note" rows="3" maxlength="4000"></textarea>
        </mat-form-field>
        @if (error()) {
          <p class="error wide" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ saving() ? 'Saving…' : 'Save follow-up' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 4px 16px;
    }
    .wide,
    .checks {
      grid-column: 1 / -1;
    }
    .checks {
      display: flex;
      flex-direction: column;
      border: none;
      padding: 0;
      margin: 0 0 12px;
    }
    .checks legend {
      font: var(--mat-sys-label-large);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class SafetyFollowUpDialog {
  protected readonly data = inject<SafetyFollowUpData>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<SafetyFollowUpDialog, boolean>);
  private readonly service = inject(FlagLifecycleService);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly today = inject(ClinicCalendar).today;

  protected readonly methods = options(METHOD_LABELS);
  protected readonly risks = options(RISK_LABELS);
  protected readonly plans = options(PLAN_LABELS);
  protected readonly dispositions = options(DISPOSITION_LABELS);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    method: ['cssrs_screener' as SafetyAssessmentMethod | null],
    riskLevel: [null as SafetyRiskLevel | null],
    safetyPlan: [null as SafetyPlanAction | null],
    disposition: [null as SafetyDisposition | null],
    lethalMeans: [false],
    crisisLine: [false],
    consultantNotified: [false],
    nextContactOn: [''],
    note: [''],
  });

  protected save(): void {
    const { method, riskLevel, safetyPlan, disposition, nextContactOn, ...plan } = this.form.getRawValue();
    const missing = [
      !method && 'how the risk was assessed',
      !riskLevel && 'the risk level',
      !safetyPlan && 'the safety plan',
      !disposition && 'the disposition',
      !nextContactOn && 'the next contact date',
    ].filter((x): x is string => typeof x === 'string');
    if (missing.length > 0 || !method || !riskLevel || !safetyPlan || !disposition) {
      this.error.set(`Choose ${missing.join(', ')}.`);
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.service
      .documentSafetyFollowUp(this.data.patientId, {
        method,
        riskLevel,
        safetyPlan,
        disposition,
        lethalMeansCounselling: plan.lethalMeans,
        crisisLineGiven: plan.crisisLine,
        consultantNotified: plan.consultantNotified,
        nextContactOn,
        note: plan.note.trim() || null,
      })
      .subscribe({
        next: () => {
          this.snackBar.open(`Safety follow-up saved for ${this.data.patientName}`, undefined, { duration: 4000 });
          this.ref.close(true);
        },
        error: (e: unknown) => {
          this.saving.set(false);
          this.error.set(apiErrorMessage(e, 'The follow-up could not be saved. Please try again.'));
        },
      });
  }
}
