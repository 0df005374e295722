import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { DialogFormComponent, DialogSaveState } from '../shared/dialog-form.component';
import { IntegratedCareService } from './integrated-care.service';

export type ProblemDialogMode = 'problem' | 'hba1c' | 'blood_pressure';
export interface ProblemDialogData {
  mode: ProblemDialogMode;
  patientId: string;
}

const TITLES: Readonly<Record<ProblemDialogMode, string>> = {
  problem: 'Add a problem',
  hba1c: 'Record an HbA1c',
  blood_pressure: 'Record a blood pressure',
};

/** A problem (ICD-10-CM code and text, onset) or an HbA1c / blood-pressure value with its date. */
@Component({
  selector: 'hd-problem-dialog',
  imports: [DialogFormComponent, ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ title }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <hd-dialog-form [state]="state" [submitLabel]="'Save'">
        @switch (data.mode) {
          @case ('problem') {
            <mat-form-field appearance="outline">
              <mat-label>ICD-10-CM code</mat-label>
              <input matInput formControlName="code" maxlength="8" required placeholder="e.g. E11.9" />
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Problem</mat-label>
              <input matInput formControlName="text" maxlength="200" required />
            </mat-form-field>
          }
          @case ('hba1c') {
            <mat-form-field appearance="outline">
              <mat-label>HbA1c (%)</mat-label>
              <input matInput type="number" step="0.1" min="3" max="20" formControlName="hba1c" required />
            </mat-form-field>
          }
          @case ('blood_pressure') {
            <mat-form-field appearance="outline">
              <mat-label>Systolic (mm Hg)</mat-label>
              <input matInput type="number" min="50" max="300" formControlName="systolic" required />
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Diastolic (mm Hg)</mat-label>
              <input matInput type="number" min="20" max="200" formControlName="diastolic" required />
            </mat-form-field>
          }
        }
        <mat-form-field appearance="outline">
          <mat-label>{{ data.mode === 'problem' ? 'Onset (optional)' : 'Date' }}</mat-label>
          <input matInput type="date" formControlName="on" [max]="calendar.today()" />
        </mat-form-field>
      </hd-dialog-form>
    </form>
  `,
})
export class ProblemDialog {
  private readonly service = inject(IntegratedCareService);
  protected readonly calendar = inject(ClinicCalendar);
  protected readonly data = inject<ProblemDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<ProblemDialog, boolean>);
  protected readonly title = TITLES[this.data.mode];
  protected readonly state = new DialogSaveState();
  protected readonly form = inject(FormBuilder).nonNullable.group({
    code: [''],
    text: [''],
    hba1c: [null as number | null],
    systolic: [null as number | null],
    diastolic: [null as number | null],
    on: [this.data.mode === 'problem' ? '' : this.calendar.today()],
  });

  protected save(): void {
    const v = this.form.getRawValue();
    const id = this.data.patientId;
    let request: Observable<unknown>;
    switch (this.data.mode) {
      case 'problem':
        request = this.service.addProblem(id, { code: v.code.trim(), text: v.text.trim(), onsetOn: v.on || null });
        break;
      case 'hba1c':
        request = this.service.recordLab(id, { kind: 'hba1c', on: v.on, hba1c: Number(v.hba1c) });
        break;
      case 'blood_pressure':
        request = this.service.recordLab(id, {
          kind: 'blood_pressure',
          on: v.on,
          systolic: Number(v.systolic),
          diastolic: Number(v.diastolic),
        });
        break;
    }
    this.state.run(request, 'This could not be saved. Please try again.', () => this.ref.close(true));
  }
}
