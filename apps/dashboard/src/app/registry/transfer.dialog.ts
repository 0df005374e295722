import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { CaseloadTransferResult } from '@huddle/shared-types';
import { of, type Observable } from 'rxjs';
import { patientName } from '../shared/labels';
import { formErrors } from './field-errors';
import { RegistryService } from './registry.service';

export interface TransferData {
  fromCareManagerId: string;
  /**
   * `patients`: a care manager picks patients or the whole caseload (names shown);
   * `counts`: an administrator moves the whole caseload and sees counts only.
   */
  mode: 'patients' | 'counts';
}

export interface TransferDone extends CaseloadTransferResult {
  toName: string;
}

const FIELDS = ['toCareManagerId', 'episodeIds', 'fromCareManagerId'] as const;

/** Moves open episodes from one care manager to another (`POST /api/caseloads/transfer`). */
@Component({
  selector: 'hd-transfer-dialog',
  imports: [MatDialogModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatRadioModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './transfer.dialog.html',
  styleUrl: './registry-forms.scss',
})
export class TransferDialog {
  private readonly registry = inject(RegistryService);
  protected readonly ref = inject(MatDialogRef<TransferDialog, TransferDone>);
  protected readonly data = inject<TransferData>(MAT_DIALOG_DATA);

  protected readonly holders = rxResource({ stream: () => this.registry.caseloadHolders() });
  protected readonly caseload = rxResource({
    stream: () => (this.data.mode === 'patients' ? this.registry.caseload(this.data.fromCareManagerId) : of(null)),
  });
  protected readonly from = computed(() => this.holders.value()?.find((h) => h.id === this.data.fromCareManagerId));
  protected readonly targets = computed(() =>
    (this.holders.value() ?? []).filter((h) => h.active && h.id !== this.data.fromCareManagerId),
  );
  protected readonly patients = computed(() =>
    (this.caseload.value()?.items ?? []).map((r) => ({ episodeId: r.episodeId, name: patientName(r), mrn: r.mrn })),
  );
  protected readonly scope = signal<'whole' | 'selected'>(this.data.mode === 'counts' ? 'whole' : 'selected');
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly to = signal('');
  protected readonly saving = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);

  protected toggle(episodeId: string, checked: boolean): void {
    this.selected.update((s) => {
      const next = new Set(s);
      if (checked) next.add(episodeId);
      else next.delete(episodeId);
      return next;
    });
  }

  protected save(): void {
    const local: Record<string, string> = {};
    if (!this.to()) local['toCareManagerId'] = 'Choose the care manager who takes over';
    if (this.scope() === 'selected' && this.selected().size === 0) local['episodeIds'] = 'Choose at least one patient';
    this.errors.set(local);
    this.formError.set(null);
    if (Object.keys(local).length > 0) return;
    this.saving.set(true);
    this.registry
      .transfer({
        fromCareManagerId: this.data.fromCareManagerId,
        toCareManagerId: this.to(),
        ...(this.scope() === 'selected' ? { episodeIds: [...this.selected()] } : {}),
      })
      .subscribe({
        next: (result) =>
          this.ref.close({ ...result, toName: this.targets().find((t) => t.id === this.to())?.displayName ?? '' }),
        error: (e: unknown) => {
          this.saving.set(false);
          const { fields, form } = formErrors(e, FIELDS, 'The transfer could not be saved.');
          this.errors.set(fields);
          this.formError.set(form);
        },
      });
  }
}

export function openTransfer(dialog: MatDialog, data: TransferData): Observable<TransferDone | undefined> {
  return dialog
    .open<TransferDialog, TransferData, TransferDone>(TransferDialog, {
      data,
      width: '40rem',
      maxWidth: '96vw',
      autoFocus: 'first-tabbable',
    })
    .afterClosed();
}
