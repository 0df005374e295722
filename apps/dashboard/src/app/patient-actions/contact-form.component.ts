import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { ContactModality, ContactType, CreateContactRequest } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { CONTACT_MODALITY_LABELS, CONTACT_TYPE_LABELS, optionsOf } from '../shared/labels';

/** Log a contact or time entry: type, how, when, minutes, what was done. */
@Component({
  selector: 'hd-contact-form',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="contact">
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>Type</mat-label>
          <mat-select formControlName="type">
            @for (t of types; track t.value) {
              <mat-option [value]="t.value">{{ t.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>How</mat-label>
          <mat-select formControlName="modality">
            @for (m of modalities; track m.value) {
              <mat-option [value]="m.value">{{ m.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>Started (clinic time)</mat-label>
          <input matInput type="datetime-local" formControlName="startedAt" [max]="now" required />
          @if (form.controls.startedAt.invalid) {
            <mat-error>Enter when the contact started</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Minutes</mat-label>
          <input
            matInput
            type="number"
            inputmode="numeric"
            min="1"
            max="600"
            step="1"
            formControlName="minutes"
            required
          />
          @if (form.controls.minutes.invalid) {
            <mat-error>Enter whole minutes from 1 to 600</mat-error>
          }
        </mat-form-field>
      </div>
      <mat-checkbox formControlName="completed">Reached the patient (uncheck for an attempt)</mat-checkbox>
      <mat-form-field appearance="outline" class="wide">
        <mat-label>Activity</mat-label>
        <input
          matInput
          formControlName="activity"
          maxlength="200"
          placeholder="e.g. Follow-up, behavioural activation"
        />
      </mat-form-field>
      <mat-form-field appearance="outline" class="wide">
        <mat-label>Note (optional)</mat-label>
        <textarea matInput formControlName="note" rows="3" maxlength="4000"></textarea>
      </mat-form-field>
      @if (errorMessage()) {
        <p class="error" role="alert">{{ errorMessage() }}</p>
      }
      <div class="actions">
        <button mat-button type="button" (click)="cancelled.emit()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ saving() ? 'Saving…' : 'Save contact' }}</button>
      </div>
    </form>
  `,
  styles: `
    .contact {
      display: grid;
      gap: 4px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .row mat-form-field {
      flex: 1 1 15rem;
      /* On a phone the fields wrap rather than clip the date and time. */
      min-width: min(100%, 15rem);
    }
  `,
})
export class ContactFormComponent {
  readonly saving = input(false);
  readonly errorMessage = input<string | null>(null);
  readonly save = output<CreateContactRequest>();
  readonly cancelled = output();

  protected readonly types = optionsOf(CONTACT_TYPE_LABELS);
  protected readonly modalities = optionsOf(CONTACT_MODALITY_LABELS);
  private readonly calendar = inject(ClinicCalendar);
  /** Now on the clinic's clock (not the browser's): the default and the latest allowed start. */
  protected readonly now = this.calendar.nowInput();
  protected readonly form = inject(NonNullableFormBuilder).group({
    type: ['follow_up' as ContactType, Validators.required],
    modality: ['phone' as ContactModality, Validators.required],
    startedAt: [this.now, Validators.required],
    minutes: [20, [Validators.required, Validators.min(1), Validators.max(600), Validators.pattern(/^\d+$/)]],
    completed: [true],
    activity: [''],
    note: [''],
  });

  constructor() {
    // An outreach attempt did not reach the patient (the API requires completed = false).
    this.form.controls.type.valueChanges.pipe(takeUntilDestroyed()).subscribe((type) => {
      const completed = this.form.controls.completed;
      if (type === 'outreach_attempt') {
        completed.setValue(false);
        completed.disable();
      } else {
        completed.enable();
      }
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const draft: CreateContactRequest = {
      type: v.type,
      modality: v.modality,
      completed: v.completed,
      startedAt: this.calendar.toInstant(v.startedAt),
      minutes: Number(v.minutes),
    };
    if (v.activity.trim()) draft.activity = v.activity.trim();
    if (v.note.trim()) draft.note = v.note.trim();
    this.save.emit(draft);
  }
}
