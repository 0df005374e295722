import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { Observable } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';

/**
 * A dialog's save state: "Saving…" while the request runs, the API's message (or `fallback`) when it
 * fails. One per dialog, bound to `<hd-dialog-form [state]>`.
 */
export class DialogSaveState {
  readonly saving = signal(false);
  readonly error = signal<string | null>(null);

  /** Sends `request` once; `done` gets the answer (typically closes the dialog with it). */
  run<T>(request: Observable<T>, fallback: string, done: (value: T) => void): void {
    this.saving.set(true);
    this.error.set(null);
    request.subscribe({
      next: done,
      error: (e: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(e, fallback));
      },
    });
  }

  /** A message of the dialog's own (e.g. a field the API would refuse), without sending anything. */
  fail(message: string): void {
    this.error.set(message);
  }
}

/**
 * The shell of a form dialog: its fields (projected), the error line, and Cancel / submit actions.
 * Put it inside the dialog's `<form>` (which keeps `[formGroup]` and `(ngSubmit)`), after the
 * `mat-dialog-title`:
 *
 * `<form [formGroup]="form" (ngSubmit)="save()" novalidate><hd-dialog-form [state]="state" submitLabel="Save">…fields…</hd-dialog-form></form>`
 */
@Component({
  selector: 'hd-dialog-form',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-dialog-content class="fields">
      <ng-content />
      @if (state().error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="ref.close()">Cancel</button>
      <button mat-flat-button type="submit" [disabled]="state().saving() || disabled()">
        {{ state().saving() ? 'Saving…' : submitLabel() }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    :host {
      display: contents;
    }
    .fields {
      display: grid;
      gap: var(--hd-dialog-gap, 4px);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class DialogFormComponent {
  readonly state = input.required<DialogSaveState>();
  readonly submitLabel = input.required<string>();
  /** Disables the submit button (e.g. while the form is invalid). */
  readonly disabled = input(false);
  protected readonly ref = inject(MatDialogRef);
}
