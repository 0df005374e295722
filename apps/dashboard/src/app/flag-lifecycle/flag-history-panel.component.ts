import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { FlagHistoryEntry, SafetyFollowUpView } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';
import { FlagLifecycleService } from './flag-lifecycle.service';
import { CLEARED_LABELS, DISPOSITION_LABELS, FLAG_LABELS, PLAN_LABELS, RISK_LABELS } from './flag-lifecycle.labels';
import { ReasonDialog, type ReasonDialogData } from './reason.dialog';

/** Flag history (raised → cleared, who, evidence), newest first; open manual flags can be resolved. */
@Component({
  selector: 'hd-flag-history-panel',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (entries().length === 0) {
      <p class="muted">No flags raised yet.</p>
    } @else {
      <ol class="history">
        @for (e of entries(); track e.id) {
          <li [class.open]="!e.clearedAt">
            <div class="line">
              <strong>{{ labels[e.code] }}</strong
              >&ngsp; <span>raised {{ date(e.raisedOn) }}{{ e.raisedBy ? ' by ' + e.raisedBy.displayName : '' }}</span
              >&ngsp;
              <span class="evidence">{{ e.raisedEvidence }}</span>
            </div>
            @if (e.clearedAt) {
              <div class="line cleared">
                <span class="how">{{ cleared[e.clearedHow ?? 'resolved'] }}</span
                >&ngsp;
                <span>cleared {{ date(e.clearedOn) }}{{ e.clearedBy ? ' by ' + e.clearedBy.displayName : '' }}</span
                >&ngsp;
                @if (e.safetyFollowUp; as f) {
                  <span class="evidence">{{ followUp(f) }}</span>
                } @else if (e.clearedEvidence) {
                  <span class="evidence">{{ e.clearedEvidence }}</span>
                }
              </div>
            } @else {
              <div class="line">
                <span class="status">Open</span>
                @if (canResolve() && e.manualFlagId) {
                  <button mat-stroked-button type="button" (click)="resolve(e)">
                    Resolve<span class="visually-hidden"> {{ labels[e.code] }} raised {{ date(e.raisedOn) }}</span>
                  </button>
                }
              </div>
            }
          </li>
        }
      </ol>
    }
  `,
  styles: `
    .history {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .history li {
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .line {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: baseline;
      overflow-wrap: anywhere;
    }
    .cleared {
      margin-top: 4px;
      padding-left: 16px;
    }
    .how,
    .status {
      font: var(--mat-sys-label-large);
    }
    .status {
      color: var(--mat-sys-error);
    }
    .evidence,
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class FlagHistoryPanelComponent {
  private readonly dialog = inject(MatDialog);
  private readonly service = inject(FlagLifecycleService);

  readonly entries = input.required<readonly FlagHistoryEntry[]>();
  readonly canResolve = input(false);
  /** A flag was resolved here. */
  readonly changed = output();

  protected readonly labels = FLAG_LABELS;
  protected readonly cleared = CLEARED_LABELS;
  protected readonly date = formatIsoDate;

  protected followUp(f: SafetyFollowUpView): string {
    return [
      `Risk: ${RISK_LABELS[f.riskLevel].toLowerCase()}`,
      PLAN_LABELS[f.safetyPlan],
      f.lethalMeansCounselling ? 'lethal-means counselling' : null,
      f.crisisLineGiven ? '988 given' : null,
      DISPOSITION_LABELS[f.disposition],
      f.consultantNotified ? 'consultant notified' : null,
      `next contact ${formatIsoDate(f.nextContactOn)}`,
    ]
      .filter((part): part is string => part !== null)
      .join(' · ');
  }

  protected resolve(entry: FlagHistoryEntry): void {
    const { manualFlagId, manualFlagVersion } = entry;
    if (!manualFlagId || manualFlagVersion === null) return;
    const data: ReasonDialogData = {
      title: `Resolve: ${FLAG_LABELS[entry.code]}`,
      summary: `Raised ${formatIsoDate(entry.raisedOn)}${entry.raisedBy ? ` by ${entry.raisedBy.displayName}` : ''}: ${entry.raisedEvidence}`,
      label: 'Reason (required)',
      confirm: 'Resolve flag',
      run: (reason) => this.service.resolveFlag(manualFlagId, manualFlagVersion, reason),
    };
    this.dialog
      .open<ReasonDialog, ReasonDialogData, boolean>(ReasonDialog, { data, width: '32rem', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((done) => {
        if (done) this.changed.emit();
      });
  }
}
