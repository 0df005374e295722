import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { DEFAULT_FLAG_THRESHOLDS } from '@huddle/scoring';
import type { ClinicSettings, FlagThresholdSettings } from '@huddle/shared-types';
import { formErrors } from '../registry/field-errors';
import { AdminService } from './admin.service';

type ThresholdKey = keyof FlagThresholdSettings;

const THRESHOLD_LABELS: Readonly<Record<ThresholdKey, string>> = {
  baselineLookbackDays: 'Baseline look-back (days)',
  responseReductionPercent: 'Response: reduction from baseline (%)',
  worseningPoints: 'Worsening: increase (points)',
  targetWeeks: 'Target reached by (weeks)',
  notImprovingEarlyWeeks: 'Early non-response signal (weeks)',
  notImprovingWeeks: 'Not improving (weeks)',
  noContactDays: 'No contact (days)',
  noScoreDays: 'No score (days)',
  firstFollowUpDays: 'First follow-up due (days)',
  reviewOverdueDays: 'Consultant review overdue (days)',
  caseloadCapacity: 'Caseload capacity (patients per FTE)',
  routineReviewDays: 'Routine review due after (days)',
};
const KEYS = Object.keys(THRESHOLD_LABELS) as ThresholdKey[];
const FIELDS = KEYS.map((k) => `flagThresholds.${k}`);

/**
 * The clinic's flag thresholds. Defaults come from `@huddle/scoring` (DEFAULT_FLAG_THRESHOLDS); the
 * API checks ranges and consistency with the same library (`mergeFlagThresholds`) and its 400 names
 * the field, shown next to it. A changed value can be returned to the default.
 */
@Component({
  selector: 'hd-thresholds',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './thresholds.component.html',
  styleUrl: './admin-forms.scss',
})
export class ThresholdsComponent {
  private readonly admin = inject(AdminService);
  readonly clinic = input.required<ClinicSettings>();
  readonly saved = output<ClinicSettings>();

  /** What the inputs hold, as typed (strings), reset whenever the clinic reloads. */
  protected readonly draft = linkedSignal<Record<ThresholdKey, string>>(() => {
    const t = this.clinic().flagThresholds;
    return Object.fromEntries(KEYS.map((k) => [k, String(t[k])])) as Record<ThresholdKey, string>;
  });
  protected readonly rows = computed(() => {
    const c = this.clinic();
    return KEYS.map((key) => ({
      key,
      id: `threshold-${key}`,
      label: THRESHOLD_LABELS[key],
      defaultValue: DEFAULT_FLAG_THRESHOLDS[key],
      overridden: c.flagThresholdOverrides[key] !== undefined,
    }));
  });
  protected readonly saving = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);
  protected readonly savedNote = signal<string | null>(null);

  protected onInput(key: ThresholdKey, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.draft.update((d) => ({ ...d, [key]: value }));
  }

  protected save(event: Event): void {
    event.preventDefault();
    const current = this.clinic().flagThresholds;
    const change: Partial<Record<ThresholdKey, number | null>> = {};
    const local: Record<string, string> = {};
    for (const key of KEYS) {
      const text = this.draft()[key].trim();
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) local[`flagThresholds.${key}`] = 'Enter a whole number';
      else if (value !== current[key]) change[key] = value;
    }
    this.submit(change, local);
  }

  protected reset(key: ThresholdKey): void {
    this.submit({ [key]: null }, {});
  }

  private submit(change: Partial<Record<ThresholdKey, number | null>>, local: Record<string, string>): void {
    this.errors.set(local);
    this.formError.set(null);
    this.savedNote.set(null);
    if (Object.keys(local).length > 0) return;
    if (Object.keys(change).length === 0) {
      this.savedNote.set('Nothing changed.');
      return;
    }
    this.saving.set(true);
    this.admin.updateClinic({ version: this.clinic().version, flagThresholds: change }).subscribe({
      next: (updated) => {
        this.saving.set(false);
        this.savedNote.set('Thresholds saved; flags use them from now on.');
        this.saved.emit(updated);
      },
      error: (e: unknown) => {
        this.saving.set(false);
        const { fields, form } = formErrors(e, FIELDS, 'The thresholds could not be saved.');
        this.errors.set(fields);
        this.formError.set(form);
      },
    });
  }
}
