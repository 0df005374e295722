import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ApiFetchError } from '../core/http/api-fetch';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreatedEpisode } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { CareTeamFieldsComponent, type CareTeamField, type CareTeamFieldLabel } from './care-team-fields.component';
import { formErrors } from './field-errors';
import { RegistryService } from './registry.service';

export interface NewEpisodeData {
  patientId: string;
  /** For the title; left out on pages that already name the patient. */
  patientName?: string;
}

const FIELDS = ['referredOn', 'careManagerId', 'consultantId', 'billingPcpId', 'allowShortGap'] as const;

/**
 * Starts a new (referred) episode after a discharge. Within 6 months of the last discharge the API
 * refuses (clinical-reference.md: a new episode after a ≥ 6-month gap) unless the user confirms the
 * exception, which is then audited.
 */
@Component({
  selector: 'hd-new-episode-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    CareTeamFieldsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Start a new episode{{ data.patientName ? ' — ' + data.patientName : '' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <p class="note">The episode starts as a referral; enrol it with the consent date from the episode panel.</p>
        <div class="grid">
          <mat-form-field appearance="outline">
            <mat-label>Referral date</mat-label>
            <input matInput type="date" formControlName="referredOn" [max]="today()" required />
            @if (errors()['referredOn']; as e) {
              <mat-hint class="field-error" role="alert">{{ e }}</mat-hint>
            }
          </mat-form-field>
          <hd-care-team-fields
            [fields]="['careManagerId', 'consultantId', 'billingPcpId']"
            [options]="options.value()"
            [errors]="errors()"
            [labels]="labels"
          />
        </div>
        @if (shortGap()) {
          <p class="field-error" role="alert">{{ shortGap() }}</p>
          <mat-checkbox formControlName="allowShortGap">Start it anyway (the exception is recorded)</mat-checkbox>
        }
        @if (formError(); as e) {
          <p class="field-error" role="alert">{{ e }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ saving() ? 'Saving…' : 'Start episode' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './registry-forms.scss',
})
export class NewEpisodeDialog {
  private readonly registry = inject(RegistryService);
  protected readonly ref = inject(MatDialogRef<NewEpisodeDialog, CreatedEpisode>);
  protected readonly data = inject<NewEpisodeData>(MAT_DIALOG_DATA);
  private readonly auth = inject(AuthService);
  protected readonly today = inject(ClinicCalendar).today;

  protected readonly options = rxResource({ stream: () => this.registry.careTeamOptions() });
  protected readonly form = inject(FormBuilder).nonNullable.group({
    referredOn: [this.today(), Validators.required],
    careManagerId: [this.auth.role() === 'care_manager' ? (this.auth.user()?.id ?? '') : ''],
    consultantId: [''],
    billingPcpId: [''],
    allowShortGap: [false],
  });
  /** Left empty, the billing PCP is the patient's PCP. */
  protected readonly labels: Partial<Record<CareTeamField, CareTeamFieldLabel>> = {
    billingPcpId: { label: "Billing PCP (default: the patient's PCP)", none: "The patient's PCP" },
  };
  protected readonly saving = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);
  protected readonly shortGap = signal<string | null>(null);

  protected save(): void {
    const v = this.form.getRawValue();
    if (!v.referredOn) {
      this.errors.set({ referredOn: 'Enter the referral date' });
      return;
    }
    this.saving.set(true);
    this.errors.set({});
    this.formError.set(null);
    this.registry
      .openEpisode(this.data.patientId, {
        referredOn: v.referredOn,
        careManagerId: v.careManagerId || null,
        ...(v.consultantId ? { consultantId: v.consultantId } : {}),
        ...(v.billingPcpId ? { billingPcpId: v.billingPcpId } : {}),
        ...(v.allowShortGap ? { allowShortGap: true } : {}),
      })
      .subscribe({
        next: (episode) => this.ref.close(episode),
        error: (e: unknown) => {
          this.saving.set(false);
          if (e instanceof ApiFetchError && (e.error as { code?: string } | null)?.code === 'EPISODE_GAP_TOO_SHORT') {
            this.shortGap.set((e.error as { message: string }).message);
            return;
          }
          const { fields, form } = formErrors(e, FIELDS, 'The episode could not be started.');
          this.errors.set(fields);
          this.formError.set(form);
        },
      });
  }
}

export function openNewEpisode(dialog: MatDialog, data: NewEpisodeData): Observable<CreatedEpisode | undefined> {
  return dialog
    .open<NewEpisodeDialog, NewEpisodeData, CreatedEpisode>(NewEpisodeDialog, {
      data,
      width: '40rem',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}
