import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { type FormArray, FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { HuddleItemView } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { apiErrorMessage } from '../core/http/api-error';
import { IntegratedCareService } from './integrated-care.service';

/** The huddle's note on one patient and the tasks it gives (owner, due date). */
@Component({
  selector: 'hd-huddle-discuss-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Huddle note: {{ data.patientName }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="fields">
        <p class="question">{{ data.question }}</p>
        <mat-form-field appearance="outline">
          <mat-label>What the team decided</mat-label>
          <textarea matInput formControlName="note" rows="3" maxlength="4000" required></textarea>
        </mat-form-field>
        <div formArrayName="tasks" class="tasks">
          @for (task of tasks.controls; track task; let i = $index) {
            <fieldset [formGroupName]="i">
              <legend>Task {{ i + 1 }}</legend>
              <mat-form-field appearance="outline">
                <mat-label>Task</mat-label>
                <input matInput formControlName="title" maxlength="300" required />
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>Owner</mat-label>
                <mat-select formControlName="ownerId" required>
                  @for (s of owners(); track s.id) {
                    <mat-option [value]="s.id">{{ s.displayName }} ({{ s.role }})</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>Due</mat-label>
                <input matInput type="date" formControlName="dueOn" [min]="calendar.today()" required />
              </mat-form-field>
              <button mat-button type="button" (click)="tasks.removeAt(i)">Remove task {{ i + 1 }}</button>
            </fieldset>
          }
        </div>
        <button mat-stroked-button type="button" (click)="addTask()">Add a task</button>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ saving() ? 'Saving…' : 'Save note and tasks' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields,
    .tasks,
    fieldset {
      display: grid;
      gap: 4px;
    }
    fieldset {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      min-width: 0;
    }
    .question {
      font-style: italic;
      overflow-wrap: anywhere;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class HuddleDiscussDialog {
  private readonly service = inject(IntegratedCareService);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly calendar = inject(ClinicCalendar);
  protected readonly data = inject<HuddleItemView>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<HuddleDiscussDialog, boolean>);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly options = rxResource({ stream: () => this.service.teamOptions() });
  protected readonly owners = computed((): Array<{ id: string; displayName: string; role: string }> => {
    const o = this.options.value();
    if (!o) return [];
    return [
      ...o.careManagers.map((s) => ({ ...s, role: 'care manager' })),
      ...o.consultants.map((s) => ({ ...s, role: 'consultant' })),
      ...o.pcps.map((s) => ({ ...s, role: 'PCP' })),
    ];
  });
  protected readonly form = this.fb.group({
    note: [''],
    tasks: this.fb.array([this.taskGroup()]),
  });
  protected get tasks(): FormArray {
    return this.form.controls.tasks;
  }

  private taskGroup() {
    return this.fb.group({ title: [''], ownerId: [''], dueOn: [this.calendar.today()] });
  }

  protected addTask(): void {
    this.form.controls.tasks.push(this.taskGroup());
  }

  protected save(): void {
    const v = this.form.getRawValue();
    if (!v.note.trim()) {
      this.error.set('Write what the team decided.');
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.service
      .discuss(this.data.id, {
        note: v.note.trim(),
        tasks: v.tasks.map((t) => ({ title: t.title.trim(), ownerId: t.ownerId, dueOn: t.dueOn })),
      })
      .subscribe({
        next: () => this.ref.close(true),
        error: (e: unknown) => {
          this.saving.set(false);
          this.error.set(apiErrorMessage(e, 'The note could not be saved. Please try again.'));
        },
      });
  }
}
