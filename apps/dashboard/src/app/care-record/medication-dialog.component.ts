import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { MedicationView } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { DialogFormComponent, DialogSaveState } from '../shared/dialog-form.component';
import { CareRecordService } from './care-record.service';

export type MedicationDialogMode = 'start' | 'change' | 'stop';

export interface MedicationDialogData {
  mode: MedicationDialogMode;
  patientId: string;
  /** The medication changed or stopped. */
  medication?: MedicationView;
}

const TITLES: Readonly<Record<MedicationDialogMode, string>> = {
  start: 'Start a medication',
  change: 'Change the dose',
  stop: 'Stop the medication',
};

/** Start, dose change or stop of a psychotropic medication, dated in the clinic's calendar. */
@Component({
  selector: 'hd-medication-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, DialogFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>
      {{ title }}
      @if (data.medication) {
        — {{ data.medication.name }}
      }
    </h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <hd-dialog-form [state]="state" [submitLabel]="title" [disabled]="form.invalid">
        @if (data.mode === 'start') {
          <mat-form-field appearance="outline">
            <mat-label>Medication</mat-label>
            <input matInput formControlName="name" required maxlength="120" placeholder="e.g. sertraline" />
          </mat-form-field>
        }
        @if (data.mode !== 'stop') {
          <mat-form-field appearance="outline">
            <mat-label>{{ data.mode === 'start' ? 'Dose' : 'New dose' }}</mat-label>
            <input matInput formControlName="dose" required maxlength="120" placeholder="e.g. 50 mg daily" />
            @if (data.medication?.dose; as current) {
              <mat-hint>Now {{ current }}</mat-hint>
            }
          </mat-form-field>
        }
        <mat-form-field appearance="outline">
          <mat-label>{{ dateLabel }}</mat-label>
          <input matInput type="date" formControlName="date" required [max]="today" />
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>{{ data.mode === 'stop' ? 'Reason (optional)' : 'Note (optional)' }}</mat-label>
          <textarea matInput formControlName="note" rows="2" maxlength="2000"></textarea>
        </mat-form-field>
      </hd-dialog-form>
    </form>
  `,
})
export class MedicationDialogComponent {
  protected readonly data = inject<MedicationDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<MedicationDialogComponent, MedicationView>);
  private readonly service = inject(CareRecordService);

  protected readonly title = TITLES[this.data.mode];
  protected readonly dateLabel =
    this.data.mode === 'start' ? 'Started on' : this.data.mode === 'change' ? 'Dose changed on' : 'Stopped on';
  protected readonly today = inject(ClinicCalendar).today();
  /** Name only when starting, dose unless stopping (the fields shown for the mode). */
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', this.data.mode === 'start' ? [Validators.required, Validators.maxLength(120)] : []],
    dose: ['', this.data.mode !== 'stop' ? [Validators.required, Validators.maxLength(120)] : []],
    date: [this.today, Validators.required],
    note: ['', Validators.maxLength(2000)],
  });
  protected readonly state = new DialogSaveState();

  protected save(): void {
    if (this.form.invalid) return;
    const { name, dose, date, note: rawNote } = this.form.getRawValue();
    const note = rawNote.trim() || null;
    const medication = this.data.medication;
    let request: Observable<MedicationView>;
    if (this.data.mode === 'start' || !medication) {
      request = this.service.startMedication(this.data.patientId, {
        name: name.trim(),
        dose: dose.trim(),
        startedOn: date,
        note,
      });
    } else if (this.data.mode === 'change') {
      request = this.service.changeMedication(medication, { dose: dose.trim(), effectiveOn: date, note });
    } else {
      request = this.service.stopMedication(medication, { stoppedOn: date, note });
    }
    this.state.run(request, 'The medication could not be saved.', (saved) => {
      this.service.changed();
      this.ref.close(saved);
    });
  }
}

/** Opens the dialog; emits the saved medication, or `undefined` when cancelled. */
export function openMedicationDialog(
  dialog: MatDialog,
  data: MedicationDialogData,
): Observable<MedicationView | undefined> {
  return dialog
    .open<MedicationDialogComponent, MedicationDialogData, MedicationView>(MedicationDialogComponent, {
      data,
      width: '32rem',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}
