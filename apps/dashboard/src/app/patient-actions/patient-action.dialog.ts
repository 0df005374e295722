import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { CreateAssessmentRequest, CreateContactRequest, ManualFlagCode } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { AssessmentFormComponent, type EnteredInstrument } from './assessment-form.component';
import { ContactFormComponent } from './contact-form.component';
import { CarePreferencesBannerComponent } from '../integrated-care/care-preferences-banner.component';
import { dialogSize } from '../shared/viewport';
import { PatientActionsService } from './patient-actions.service';

export type PatientAction = 'contact' | 'assessment' | 'flag';

export interface PatientActionData {
  action: PatientAction;
  patientId: string;
  /** Shown in the title so the user knows whose record they are changing. */
  patientName: string;
  instrument?: EnteredInstrument;
}

const TITLES: Record<PatientAction, string> = {
  contact: 'Log contact',
  assessment: 'Add score',
  flag: 'Flag for review',
};

/**
 * Quick actions on one patient (log contact, add score, flag for review) in a dialog. Logging a contact
 * shows the patient's care preferences first (issue #17: trauma-informed care, read before each contact).
 */
@Component({
  selector: 'hd-patient-action-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    AssessmentFormComponent,
    ContactFormComponent,
    CarePreferencesBannerComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ title }} — {{ data.patientName }}</h2>
    <mat-dialog-content>
      @switch (data.action) {
        @case ('assessment') {
          <hd-assessment-form
            [initialInstrument]="data.instrument ?? 'PHQ9'"
            [saving]="saving()"
            [errorMessage]="error()"
            (save)="saveAssessment($event)"
            (cancelled)="ref.close()"
          />
        }
        @case ('contact') {
          <hd-care-preferences-banner [patientId]="data.patientId" [inDialog]="true" />
          <hd-contact-form
            [saving]="saving()"
            [errorMessage]="error()"
            (save)="saveContact($event)"
            (cancelled)="ref.close()"
          />
        }
        @case ('flag') {
          <form [formGroup]="flagForm" (ngSubmit)="saveFlag()" class="flag-form">
            <p id="flag-kind">What should the team know?</p>
            <mat-radio-group formControlName="code" aria-labelledby="flag-kind" class="kinds">
              <mat-radio-button value="DISCUSS_WITH_CONSULTANT">Discuss at the next weekly review</mat-radio-button>
              <mat-radio-button value="SAFETY_CONCERN">Safety concern (top of the agenda)</mat-radio-button>
            </mat-radio-group>
            <mat-form-field appearance="outline" class="wide">
              <mat-label>Note for the consultant (optional)</mat-label>
              <textarea matInput formControlName="note" rows="3" maxlength="2000"></textarea>
            </mat-form-field>
            @if (error()) {
              <p class="error" role="alert">{{ error() }}</p>
            }
            <div class="actions">
              <button mat-button type="button" (click)="ref.close()">Cancel</button>
              <button mat-flat-button type="submit" [disabled]="saving()">
                {{ saving() ? 'Saving…' : 'Flag for review' }}
              </button>
            </div>
          </form>
        }
      }
    </mat-dialog-content>
  `,
  styles: `
    .kinds {
      display: flex;
      flex-direction: column;
      margin-bottom: 16px;
    }
  `,
})
export class PatientActionDialog {
  protected readonly data = inject<PatientActionData>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<PatientActionDialog, boolean>);
  private readonly actions = inject(PatientActionsService);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly title = TITLES[this.data.action];
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly flagForm = inject(FormBuilder).nonNullable.group({
    code: ['DISCUSS_WITH_CONSULTANT' as ManualFlagCode],
    note: [''],
  });

  protected saveAssessment(draft: CreateAssessmentRequest): void {
    this.run(
      this.actions.addAssessment(this.data.patientId, draft),
      `${draft.instrument === 'PHQ9' ? 'PHQ-9' : 'GAD-7'} saved`,
    );
  }

  protected saveContact(draft: CreateContactRequest): void {
    this.run(this.actions.logContact(this.data.patientId, draft), 'Contact saved');
  }

  protected saveFlag(): void {
    const { code, note } = this.flagForm.getRawValue();
    this.run(this.actions.raiseFlag(this.data.patientId, code, note), 'Flagged for review');
  }

  private run(request: Observable<unknown>, done: string): void {
    this.saving.set(true);
    this.error.set(null);
    request.subscribe({
      next: () => {
        this.snackBar.open(`${done} for ${this.data.patientName}`, undefined, { duration: 4000 });
        this.ref.close(true);
      },
      error: (e: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(e, 'This could not be saved. Please try again.'));
      },
    });
  }
}

/**
 * Opens a quick action; emits `true` when something was saved. Focus returns to `returnFocusTo`
 * (e.g. the row's menu button, as the menu item that opened the dialog is gone by then).
 */
export function openPatientAction(
  dialog: MatDialog,
  data: PatientActionData,
  returnFocusTo?: { focus(): void },
): Observable<boolean | undefined> {
  const ref = dialog.open<PatientActionDialog, PatientActionData, boolean>(PatientActionDialog, {
    data,
    ...dialogSize(data.action === 'assessment' ? '56rem' : '36rem'),
    autoFocus: 'first-tabbable',
    restoreFocus: !returnFocusTo,
  });
  if (returnFocusTo) ref.afterClosed().subscribe(() => returnFocusTo.focus());
  return ref.afterClosed();
}
