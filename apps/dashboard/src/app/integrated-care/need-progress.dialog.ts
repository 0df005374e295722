import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { SocialNeedStatus, SocialNeedView } from '@huddle/shared-types';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { DialogFormComponent, DialogSaveState } from '../shared/dialog-form.component';
import { IntegratedCareService } from './integrated-care.service';
import { NEED_DOMAIN_LABELS, NEED_STATUS_LABELS } from './labels';

export interface NeedProgressData {
  need: SocialNeedView;
  to: Exclude<SocialNeedStatus, 'open'>;
}

/** The next step of a need's community-resource referral: referred (to which resource), connected, resolved. */
@Component({
  selector: 'hd-need-progress-dialog',
  imports: [DialogFormComponent, ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ domain }} need: {{ status }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <hd-dialog-form [state]="state" [submitLabel]="'Mark ' + status.toLowerCase()">
        @if (data.to === 'referred' || (data.to === 'connected' && !data.need.resourceName)) {
          <mat-form-field appearance="outline">
            <mat-label>Community resource</mat-label>
            <input matInput formControlName="resourceName" maxlength="200" required />
          </mat-form-field>
        }
        <mat-form-field appearance="outline">
          <mat-label>Date</mat-label>
          <input matInput type="date" formControlName="on" [max]="calendar.today()" required />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Note (optional)</mat-label>
          <textarea matInput formControlName="note" rows="2" maxlength="2000"></textarea>
        </mat-form-field>
      </hd-dialog-form>
    </form>
  `,
})
export class NeedProgressDialog {
  private readonly service = inject(IntegratedCareService);
  protected readonly calendar = inject(ClinicCalendar);
  protected readonly data = inject<NeedProgressData>(MAT_DIALOG_DATA);
  protected readonly ref = inject(MatDialogRef<NeedProgressDialog, SocialNeedView>);
  protected readonly domain = NEED_DOMAIN_LABELS[this.data.need.domain];
  protected readonly status = NEED_STATUS_LABELS[this.data.to];
  protected readonly state = new DialogSaveState();
  protected readonly form = inject(FormBuilder).nonNullable.group({
    resourceName: [''],
    on: [this.calendar.today()],
    note: [''],
  });

  protected save(): void {
    const v = this.form.getRawValue();
    this.state.run(
      this.service.progressNeed(this.data.need.id, {
        status: this.data.to,
        on: v.on,
        ...(v.resourceName.trim() ? { resourceName: v.resourceName.trim() } : {}),
        note: v.note.trim() || null,
        version: this.data.need.version,
      }),
      'This could not be saved. Please try again.',
      (need) => this.ref.close(need),
    );
  }
}
