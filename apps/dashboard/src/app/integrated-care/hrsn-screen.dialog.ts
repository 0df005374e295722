import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { HRSN_ITEMS, positiveSocialNeeds, type HrsnAnswers } from '@huddle/scoring';
import type { PatientSocialNeeds } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { DialogFormComponent, DialogSaveState } from '../shared/dialog-form.component';
import { IntegratedCareService } from './integrated-care.service';
import { NEED_DOMAIN_LABELS } from './labels';

/** The AHC HRSN core questions (libs/scoring), answered with the patient; positive domains shown as you go. */
@Component({
  selector: 'hd-hrsn-screen-dialog',
  imports: [
    DialogFormComponent,
    ReactiveFormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    MatCheckboxModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Social needs screen (AHC HRSN)</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <hd-dialog-form [state]="state" [submitLabel]="'Record screen'">
        <mat-form-field appearance="outline">
          <mat-label>Screened on</mat-label>
          <input matInput type="date" [formControl]="screenedOn" [max]="calendar.today()" required />
        </mat-form-field>
        @for (item of items; track item.id; let i = $index) {
          <fieldset>
            <legend>{{ i + 1 }}. {{ item.text }}</legend>
            @if (item.multiple) {
              @for (o of item.options; track o.value) {
                <mat-checkbox
                  [checked]="isChecked(item.id, o.value)"
                  (change)="toggle(item.id, o.value, $event.checked)"
                >
                  {{ o.label }}
                </mat-checkbox>
              }
            } @else {
              <mat-radio-group [formControl]="control(item.id)" [attr.aria-label]="item.text" class="options">
                @for (o of item.options; track o.value) {
                  <mat-radio-button [value]="o.value">{{ o.label }}</mat-radio-button>
                }
              </mat-radio-group>
            }
          </fieldset>
        }
        <p role="status" class="result">
          Needs found: {{ positives().length ? positives().join(', ') : 'none so far' }}
        </p>
      </hd-dialog-form>
    </form>
  `,
  styles: `
    form {
      --hd-dialog-gap: 8px;
    }
    fieldset {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      margin: 0;
      padding: 8px;
      min-width: 0;
    }
    legend {
      padding: 0 4px;
      overflow-wrap: anywhere;
    }
    .options {
      display: flex;
      flex-direction: column;
    }
    mat-checkbox,
    mat-radio-button {
      display: block;
    }
    .result {
      font-weight: 600;
    }
  `,
})
export class HrsnScreenDialog {
  private readonly service = inject(IntegratedCareService);
  protected readonly calendar = inject(ClinicCalendar);
  protected readonly patientId = inject<string>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<HrsnScreenDialog, PatientSocialNeeds>);
  protected readonly items = HRSN_ITEMS;
  protected readonly state = new DialogSaveState();
  private readonly multi = signal<Record<string, string[]>>({});
  protected readonly screenedOn = new FormControl(this.calendar.today(), { nonNullable: true });
  protected readonly form = new FormGroup<Record<string, FormControl<string | null>>>(
    Object.fromEntries(HRSN_ITEMS.filter((i) => !i.multiple).map((i) => [i.id, new FormControl<string | null>(null)])),
  );
  protected readonly positives = signal<string[]>([]);

  constructor() {
    this.form.valueChanges.subscribe(() => this.refresh());
  }

  protected control(id: string): FormControl<string | null> {
    const control = this.form.controls[id];
    if (!control) throw new Error(`no control ${id}`);
    return control;
  }

  protected isChecked(id: string, value: string): boolean {
    return (this.multi()[id] ?? []).includes(value);
  }

  protected toggle(id: string, value: string, checked: boolean): void {
    const current = (this.multi()[id] ?? []).filter((v) => v !== value);
    // "None of the above" excludes the other answers.
    const next = checked ? (value === 'none' ? ['none'] : [...current.filter((v) => v !== 'none'), value]) : current;
    this.multi.update((m) => ({ ...m, [id]: next }));
    this.refresh();
  }

  private answers(): HrsnAnswers {
    const raw = this.form.getRawValue();
    const answers: Record<string, string | string[]> = {};
    for (const item of HRSN_ITEMS) {
      const value = item.multiple ? this.multi()[item.id] : raw[item.id];
      if (value && value.length > 0) answers[item.id] = value;
    }
    return answers;
  }

  private refresh(): void {
    this.positives.set(positiveSocialNeeds(this.answers()).map((d) => NEED_DOMAIN_LABELS[d]));
  }

  protected save(): void {
    const answers = this.answers();
    if (Object.keys(answers).length === 0) {
      this.state.fail('Answer at least one question.');
      return;
    }
    this.state.run(
      this.service.screen(this.patientId, {
        screenedOn: this.screenedOn.value,
        answers: answers as Record<string, string | string[]>,
      }),
      'The screen could not be saved. Please try again.',
      (result) => this.ref.close(result),
    );
  }
}
