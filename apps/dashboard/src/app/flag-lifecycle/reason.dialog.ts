import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';

export interface ReasonDialogData {
  title: string;
  /** What the record is, shown above the field. */
  summary: string;
  label: string;
  confirm: string;
  /** Sends the change with the reason. */
  run: (reason: string) => Observable<unknown>;
}

/** Asks for a required reason, then runs the change (resolve a flag, mark entered in error). */
@Component({
  selector: 'hd-reason-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <p>{{ data.summary }}</p>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ data.label }}</mat-label>
          <textarea matInput formControlName="reason" rows="3" maxlength="2000" required></textarea>
        </mat-form-field>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ saving() ? 'Saving…' : data.confirm }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .wide {
      width: 100%;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ReasonDialog {
  protected readonly data = inject<ReasonDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<ReasonDialog, boolean>);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({ reason: [''] });

  protected save(): void {
    const reason = this.form.controls.reason.value.trim();
    if (!reason) {
      this.error.set('Give a reason.');
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.data.run(reason).subscribe({
      next: () => this.ref.close(true),
      error: (e: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(e, 'This could not be saved. Please try again.'));
      },
    });
  }
}
