import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { AssessmentRecord, ContactRecord, CreateAssessmentRequest } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { AssessmentFormComponent } from '../patient-actions/assessment-form.component';
import { FlagLifecycleService } from './flag-lifecycle.service';

export type CorrectionData =
  | { kind: 'assessment'; record: AssessmentRecord; title: string }
  | { kind: 'contact'; record: ContactRecord; title: string };

/**
 * Corrects a recorded score (the assessment form prefilled with its answers, rescored on save) or a
 * contact's minutes and note. A reason is required; the original is kept and shown in the history.
 */
@Component({
  selector: 'hd-correction-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    AssessmentFormComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <mat-form-field appearance="outline" class="wide reason">
        <mat-label>Reason for the correction</mat-label>
        <input matInput [formControl]="reason" maxlength="2000" required />
      </mat-form-field>
      @switch (data.kind) {
        @case ('assessment') {
          <hd-assessment-form
            [initialInstrument]="instrument"
            [initialAnswers]="answers"
            [initialDate]="date"
            [saving]="saving()"
            [errorMessage]="error()"
            (save)="saveAssessment($event)"
            (cancelled)="ref.close()"
          />
        }
        @case ('contact') {
          <form [formGroup]="contact" (ngSubmit)="saveContact()" novalidate class="contact">
            <mat-form-field appearance="outline">
              <mat-label>Minutes</mat-label>
              <input matInput type="number" min="0" max="600" formControlName="minutes" required />
            </mat-form-field>
            <mat-form-field appearance="outline" class="wide">
              <mat-label>Note</mat-label>
              <textarea matInput formControlName="note" rows="3" maxlength="4000"></textarea>
            </mat-form-field>
            @if (error()) {
              <p class="error" role="alert">{{ error() }}</p>
            }
            <div class="actions">
              <button mat-button type="button" (click)="ref.close()">Cancel</button>
              <button mat-flat-button type="submit" [disabled]="saving()">
                {{ saving() ? 'Saving…' : 'Save correction' }}
              </button>
            </div>
          </form>
        }
      }
    </mat-dialog-content>
  `,
  styles: `
    .wide {
      width: 100%;
    }
    .reason {
      /* room for the outlined label inside the dialog's scrolling content */
      margin-top: 8px;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class CorrectionDialog {
  protected readonly data = inject<CorrectionData>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<CorrectionDialog, boolean>);
  private readonly service = inject(FlagLifecycleService);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly reason = this.fb.control('');

  protected readonly instrument =
    this.data.kind === 'assessment' && this.data.record.instrument === 'GAD7' ? 'GAD7' : 'PHQ9';
  protected readonly answers = this.data.kind === 'assessment' ? this.data.record.answers : null;
  protected readonly date = this.data.kind === 'assessment' ? this.data.record.administeredOn : null;
  protected readonly contact = this.fb.group({
    minutes: [this.data.kind === 'contact' ? this.data.record.minutes : 0],
    note: [this.data.kind === 'contact' ? (this.data.record.note ?? '') : ''],
  });

  protected saveAssessment(draft: CreateAssessmentRequest): void {
    if (this.data.kind !== 'assessment') return;
    const id = this.data.record.id;
    this.run((reason) =>
      this.service.correctAssessment(id, { answers: draft.answers, administeredOn: draft.administeredOn, reason }),
    );
  }

  protected saveContact(): void {
    if (this.data.kind !== 'contact') return;
    const { id, version } = this.data.record;
    this.run((reason) =>
      this.service.correctContact(id, {
        version,
        reason,
        minutes: Number(this.contact.controls.minutes.value),
        note: this.contact.controls.note.value.trim() || null,
      }),
    );
  }

  private run(send: (reason: string) => Observable<unknown>): void {
    const reason = this.reason.value.trim();
    if (!reason) {
      this.error.set('Give the reason for the correction (top of the form).');
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    send(reason).subscribe({
      next: () => this.ref.close(true),
      error: (e: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(e, 'The correction could not be saved. Please try again.'));
      },
    });
  }
}
