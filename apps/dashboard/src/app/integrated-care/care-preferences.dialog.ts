import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CarePreferencesView, ContactMethod } from '@huddle/shared-types';
import { DialogFormComponent, DialogSaveState } from '../shared/dialog-form.component';
import { IntegratedCareService } from './integrated-care.service';
import { CONTACT_METHOD_LABELS } from './labels';

/** Trauma-informed care preferences: contact method and times, what helps, what to avoid. */
@Component({
  selector: 'hd-care-preferences-dialog',
  imports: [
    DialogFormComponent,
    ReactiveFormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Care preferences</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <hd-dialog-form [state]="state" [submitLabel]="'Save preferences'">
        <mat-form-field appearance="outline">
          <mat-label>Preferred contact</mat-label>
          <mat-select formControlName="contactMethod">
            <mat-option [value]="null">No preference</mat-option>
            @for (m of methods; track m.value) {
              <mat-option [value]="m.value">{{ m.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Best times</mat-label>
          <input matInput formControlName="contactTimes" maxlength="200" />
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>What helps</mat-label>
          <textarea matInput formControlName="whatHelps" rows="2" maxlength="1000"></textarea>
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>What to avoid</mat-label>
          <textarea matInput formControlName="whatToAvoid" rows="2" maxlength="1000"></textarea>
        </mat-form-field>
      </hd-dialog-form>
    </form>
  `,
  styles: `
    .wide {
      width: 100%;
    }
  `,
})
export class CarePreferencesDialog {
  private readonly service = inject(IntegratedCareService);
  protected readonly data = inject<CarePreferencesView>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<CarePreferencesDialog, CarePreferencesView>);
  protected readonly state = new DialogSaveState();
  protected readonly methods = (Object.keys(CONTACT_METHOD_LABELS) as ContactMethod[]).map((value) => ({
    value,
    label: CONTACT_METHOD_LABELS[value],
  }));
  protected readonly form = inject(FormBuilder).group({
    contactMethod: [this.data.contactMethod as ContactMethod | null],
    contactTimes: [this.data.contactTimes ?? ''],
    whatHelps: [this.data.whatHelps ?? ''],
    whatToAvoid: [this.data.whatToAvoid ?? ''],
  });

  protected save(): void {
    const v = this.form.getRawValue();
    const text = (s: string | null): string | null => (s && s.trim() ? s.trim() : null);
    this.state.run(
      this.service.savePreferences(this.data.patientId, {
        contactMethod: v.contactMethod ?? null,
        contactTimes: text(v.contactTimes),
        whatHelps: text(v.whatHelps),
        whatToAvoid: text(v.whatToAvoid),
        version: this.data.version,
      }),
      'The preferences could not be saved. Please try again.',
      (saved) => this.ref.close(saved),
    );
  }
}
