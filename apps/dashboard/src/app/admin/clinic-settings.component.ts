import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { weekdayName } from '../shared/dates';
import type { ClinicSettings } from '@huddle/shared-types';
import { formErrors } from '../registry/field-errors';
import { AdminService } from './admin.service';

const FIELDS = ['name', 'timezone', 'huddle', 'huddle.weekday', 'huddle.time'] as const;

/** ISO weekdays for the huddle day ('' = no huddle day). */
const HUDDLE_DAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayName(d) }));

/**
 * The clinic's name and time zone (the clinic's "today" for every date default and check) and its
 * weekly team huddle (issue #17: items are filed under the next huddle's date).
 */
@Component({
  selector: 'hd-clinic-settings',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="save()" novalidate class="settings" aria-labelledby="clinic-form-title">
      <h3 id="clinic-form-title">Name and time zone</h3>
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>Clinic name</mat-label>
          <input matInput formControlName="name" maxlength="200" required />
          @if (errors()['name']; as e) {
            <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Time zone (IANA, e.g. America/New_York)</mat-label>
          <input matInput formControlName="timezone" maxlength="64" required list="hd-time-zones" />
          <datalist id="hd-time-zones">
            @for (z of zones; track z) {
              <option [value]="z"></option>
            }
          </datalist>
          @if (errors()['timezone']; as e) {
            <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
          }
        </mat-form-field>
      </div>
      <h3 id="huddle-form-title">Weekly team huddle</h3>
      <p>"Add to huddle" files a patient under the next huddle's date (clinic time).</p>
      <div class="row" role="group" aria-labelledby="huddle-form-title">
        <mat-form-field appearance="outline">
          <mat-label>Huddle day</mat-label>
          <mat-select formControlName="huddleWeekday">
            <mat-option value="">No fixed huddle day</mat-option>
            @for (d of huddleDays; track d.value) {
              <mat-option [value]="d.value">{{ d.label }}</mat-option>
            }
          </mat-select>
          @if (errors()['huddle.weekday'] || errors()['huddle']; as e) {
            <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Start time (clinic time)</mat-label>
          <input matInput type="time" formControlName="huddleTime" [required]="!!form.controls.huddleWeekday.value" />
          @if (errors()['huddle.time']; as e) {
            <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
          }
        </mat-form-field>
      </div>
      @if (formError(); as e) {
        <p class="field-error" role="alert">{{ e }}</p>
      }
      @if (savedNote(); as n) {
        <p class="saved" role="status">{{ n }}</p>
      }
      <button mat-flat-button type="submit" [disabled]="saving()">{{ saving() ? 'Saving…' : 'Save clinic' }}</button>
    </form>
  `,
  styleUrl: './admin-forms.scss',
})
export class ClinicSettingsComponent {
  private readonly admin = inject(AdminService);
  readonly clinic = input.required<ClinicSettings>();
  readonly saved = output<ClinicSettings>();

  protected readonly zones = Intl.supportedValuesOf('timeZone');
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', Validators.required],
    timezone: ['', Validators.required],
    huddleWeekday: [''],
    huddleTime: [''],
  });
  protected readonly huddleDays = HUDDLE_DAYS;
  protected readonly saving = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);
  protected readonly savedNote = signal<string | null>(null);

  constructor() {
    effect(() => {
      const c = this.clinic();
      this.form.setValue({
        name: c.name,
        timezone: c.timezone,
        huddleWeekday: c.huddle ? String(c.huddle.weekday) : '',
        huddleTime: c.huddle?.time ?? '',
      });
    });
  }

  protected save(): void {
    const c = this.clinic();
    const v = this.form.getRawValue();
    if (v.huddleWeekday && !v.huddleTime) {
      this.errors.set({ 'huddle.time': 'Enter the time the huddle starts' });
      return;
    }
    const huddle = v.huddleWeekday ? { weekday: Number(v.huddleWeekday), time: v.huddleTime.slice(0, 5) } : null;
    const change = {
      ...(v.name.trim() !== c.name ? { name: v.name.trim() } : {}),
      ...(v.timezone.trim() !== c.timezone ? { timezone: v.timezone.trim() } : {}),
      ...(huddleChanged(c.huddle, huddle) ? { huddle } : {}),
    };
    this.errors.set({});
    this.formError.set(null);
    this.savedNote.set(null);
    if (Object.keys(change).length === 0) {
      this.savedNote.set('Nothing changed.');
      return;
    }
    this.saving.set(true);
    this.admin.updateClinic({ version: c.version, ...change }).subscribe({
      next: (updated) => {
        this.saving.set(false);
        this.savedNote.set('Clinic saved.');
        this.saved.emit(updated);
      },
      error: (e: unknown) => {
        this.saving.set(false);
        const { fields, form } = formErrors(e, FIELDS, 'The clinic could not be saved.');
        this.errors.set(fields);
        this.formError.set(form);
      },
    });
  }
}

function huddleChanged(before: ClinicSettings['huddle'], after: { weekday: number; time: string } | null): boolean {
  return (before?.weekday ?? null) !== (after?.weekday ?? null) || (before?.time ?? null) !== (after?.time ?? null);
}
