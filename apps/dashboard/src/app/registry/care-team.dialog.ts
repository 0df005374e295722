import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { CareTeamChangeRequest, EpisodeDetail } from '@huddle/shared-types';
import { concatMap, type Observable, of } from 'rxjs';
import { CareTeamFieldsComponent } from './care-team-fields.component';
import { formErrors } from './field-errors';
import { parseDiagnoses, RegistryService } from './registry.service';

const FIELDS = ['careManagerId', 'consultantId', 'billingPcpId', 'diagnoses'] as const;

/** Changes an open episode's care manager, consultant, billing PCP and diagnoses. */
@Component({
  selector: 'hd-care-team-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, CareTeamFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Care team and diagnoses</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="grid">
          <hd-care-team-fields
            [fields]="['careManagerId', 'consultantId', 'billingPcpId', 'diagnoses']"
            [options]="options.value()"
            [errors]="errors()"
          />
        </div>
        @if (formError(); as e) {
          <p class="field-error" role="alert">{{ e }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ saving() ? 'Saving…' : 'Save' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: './registry-forms.scss',
})
export class CareTeamDialog {
  private readonly registry = inject(RegistryService);
  protected readonly ref = inject(MatDialogRef<CareTeamDialog, EpisodeDetail>);
  private readonly episode = inject<EpisodeDetail>(MAT_DIALOG_DATA);

  protected readonly options = rxResource({ stream: () => this.registry.careTeamOptions() });
  protected readonly form = inject(FormBuilder).nonNullable.group({
    careManagerId: [this.episode.careTeam.careManager?.id ?? ''],
    consultantId: [this.episode.careTeam.consultant?.id ?? ''],
    billingPcpId: [this.episode.careTeam.billingPcp?.id ?? ''],
    diagnoses: [this.episode.diagnoses.join(', ')],
  });
  protected readonly saving = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);

  protected save(): void {
    const v = this.form.getRawValue();
    const e = this.episode;
    const change: CareTeamChangeRequest = {};
    if (v.careManagerId !== (e.careTeam.careManager?.id ?? '')) change.careManagerId = v.careManagerId || null;
    if (v.consultantId !== (e.careTeam.consultant?.id ?? '')) change.consultantId = v.consultantId || null;
    if (v.billingPcpId !== (e.careTeam.billingPcp?.id ?? '')) change.billingPcpId = v.billingPcpId || null;
    const diagnoses = parseDiagnoses(v.diagnoses);
    const diagnosesChanged = diagnoses.join(',') !== e.diagnoses.join(',');
    if (Object.keys(change).length === 0 && !diagnosesChanged) {
      this.ref.close();
      return;
    }
    this.saving.set(true);
    this.errors.set({});
    this.formError.set(null);
    const team: Observable<EpisodeDetail | { version: number }> = Object.keys(change).length
      ? this.registry.changeCareTeam(e.id, e.version, change)
      : of({ version: e.version });
    team
      .pipe(
        concatMap((saved) =>
          diagnosesChanged ? this.registry.replaceDiagnoses(e.id, saved.version, diagnoses) : of(saved),
        ),
      )
      .subscribe({
        next: (saved) => this.ref.close('id' in saved ? saved : undefined),
        error: (err: unknown) => {
          this.saving.set(false);
          const { fields, form } = formErrors(err, FIELDS, 'The care team could not be saved.');
          this.errors.set(fields);
          this.formError.set(form);
        },
      });
  }
}

/** Opens the care-team dialog for an open episode; emits the saved episode. */
export function openCareTeam(dialog: MatDialog, episode: EpisodeDetail): Observable<EpisodeDetail | undefined> {
  return dialog
    .open<CareTeamDialog, EpisodeDetail, EpisodeDetail>(CareTeamDialog, {
      data: episode,
      width: '40rem',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}
