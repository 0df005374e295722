import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { MedicationView } from '@huddle/shared-types';
import { AuthService } from '../core/auth/auth.service';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { CareRecordService } from './care-record.service';
import { openMedicationDialog, type MedicationDialogMode } from './medication-dialog.component';

/** Roles that record medication changes (mirrors the API's care-record permission). */
const WRITERS = ['care_manager', 'psychiatric_consultant', 'pcp'];

/** The patient's psychotropic medications: current ones with their history, then stopped ones. */
@Component({
  selector: 'hd-medications-panel',
  imports: [MatButtonModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canEdit()) {
      <button mat-stroked-button type="button" class="start" (click)="open('start')">Start a medication</button>
    }
    @if (medications.error()) {
      <hd-page-state kind="error" [message]="errorMessage()" (retry)="medications.reload()" />
    } @else if (!medications.value()) {
      <hd-page-state kind="loading" message="Loading medications…" />
    } @else if (medications.value()!.length === 0) {
      <p class="muted">No psychotropic medications recorded.</p>
    } @else {
      <ul class="meds" aria-label="Psychotropic medications">
        @for (m of medications.value()!; track m.id) {
          <li [class.stopped]="!m.active">
            <div class="head">
              <h3>
                {{ m.name }}
                @if (m.active) {
                  <span class="dose">{{ m.dose }}</span>
                } @else {
                  <span class="muted">(stopped {{ date(m.stoppedOn) }})</span>
                }
              </h3>
              @if (canEdit() && m.active) {
                <div class="row-actions">
                  <button
                    mat-button
                    type="button"
                    (click)="open('change', m)"
                    [attr.aria-label]="'Change dose of ' + m.name"
                  >
                    Change dose
                  </button>
                  <button mat-button type="button" (click)="open('stop', m)" [attr.aria-label]="'Stop ' + m.name">
                    Stop
                  </button>
                </div>
              }
            </div>
            <ol class="history" [attr.aria-label]="'History of ' + m.name">
              @for (e of m.events; track e.id) {
                <li>
                  {{ date(e.date) }}:
                  {{ e.action === 'start' ? 'started' : e.action === 'change' ? 'changed to' : 'stopped' }}
                  {{ e.dose ?? '' }} <span class="muted">({{ e.recordedBy.displayName }})</span>
                  @if (e.note) {
                    — {{ e.note }}
                  }
                </li>
              }
            </ol>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .start {
      margin-bottom: 12px;
    }
    .meds {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .meds > li {
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      overflow-wrap: anywhere;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 4px 12px;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 0;
    }
    .dose {
      font-weight: normal;
      margin-left: 6px;
    }
    .history {
      margin: 4px 0 0;
      padding-left: 20px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class MedicationsPanelComponent {
  private readonly service = inject(CareRecordService);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  readonly patientId = input.required<string>();

  protected readonly medications = rxResource({
    params: () => this.patientId(),
    stream: ({ params }) => this.service.medications(params),
  });
  protected readonly canEdit = computed(() => WRITERS.includes(this.auth.role() ?? ''));
  protected readonly errorMessage = computed(() =>
    apiErrorMessage(this.medications.error(), 'The medications could not be loaded.'),
  );
  protected readonly date = formatIsoDate;

  protected open(mode: MedicationDialogMode, medication?: MedicationView): void {
    openMedicationDialog(this.dialog, { mode, patientId: this.patientId(), medication }).subscribe((saved) => {
      if (saved) this.medications.reload();
    });
  }
}
