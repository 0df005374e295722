import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { AssessmentRecord, ContactRecord, RecordRevisionView } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';
import { CONTACT_TYPE_LABELS } from '../shared/labels';
import { CorrectionDialog, type CorrectionData } from './correction.dialog';
import { FlagLifecycleService } from './flag-lifecycle.service';
import { ReasonDialog, type ReasonDialogData } from './reason.dialog';

const SHOWN = 8;
const INSTRUMENT_NAMES: Record<string, string> = { PHQ9: 'PHQ-9', GAD7: 'GAD-7', PCL5: 'PCL-5' };

/**
 * Scores and contacts as recorded, each with "Correct" and "Entered in error" (original kept, reason
 * required), and the corrections made so far.
 */
@Component({
  selector: 'hd-record-corrections-panel',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 id="recorded-scores">Scores</h3>
    @if (scores().length === 0) {
      <p class="muted">No scores recorded.</p>
    } @else {
      <ul class="records" aria-labelledby="recorded-scores">
        @for (a of scores(); track a.id) {
          <li>
            <span class="what">{{ instrument(a.instrument) }} {{ a.complete ? a.total : 'incomplete' }}</span
            >&ngsp; <span>{{ date(a.administeredOn) }}</span
            >&ngsp;
            @if (a.safetyRisk) {
              <span class="safety">item 9 above 0</span>
            }
            @if (canCorrectScores()) {
              <span class="buttons">
                <button mat-button type="button" (click)="correctScore(a)">
                  Correct<span class="visually-hidden">
                    {{ instrument(a.instrument) }} of {{ date(a.administeredOn) }}</span
                  >
                </button>
                <button mat-button type="button" (click)="enteredInError('assessment', a.id, scoreLabel(a))">
                  Entered in error<span class="visually-hidden">
                    {{ instrument(a.instrument) }} of {{ date(a.administeredOn) }}</span
                  >
                </button>
              </span>
            }
          </li>
        }
      </ul>
    }
    <h3 id="recorded-contacts">Contacts</h3>
    @if (contactList().length === 0) {
      <p class="muted">No contacts recorded.</p>
    } @else {
      <ul class="records" aria-labelledby="recorded-contacts">
        @for (c of contactList(); track c.id) {
          <li>
            <span class="what">{{ types[c.type] }}, {{ c.minutes }} min</span>&ngsp;
            <span>{{ date(c.startedAt) }} · {{ c.staff.displayName }}</span>
            @if (canCorrectContacts()) {
              <span class="buttons">
                <button mat-button type="button" (click)="correctContact(c)">
                  Correct<span class="visually-hidden"> contact of {{ date(c.startedAt) }}</span>
                </button>
                <button mat-button type="button" (click)="enteredInError('contact', c.id, contactLabel(c))">
                  Entered in error<span class="visually-hidden"> contact of {{ date(c.startedAt) }}</span>
                </button>
              </span>
            }
          </li>
        }
      </ul>
    }
    @if (assessments().length > shown || contacts().length > shown) {
      <button mat-button type="button" (click)="showAll.set(!showAll())" [attr.aria-expanded]="showAll()">
        {{ showAll() ? 'Show the latest only' : 'Show all scores and contacts' }}
      </button>
    }
    @if (revisions().length > 0) {
      <h3 id="corrections-made">Corrections</h3>
      <ul class="records" aria-labelledby="corrections-made">
        @for (r of revisions(); track r.id) {
          <li>
            <span class="what">{{ revisionTitle(r) }}</span
            >&ngsp; <span>{{ date(r.revisedAt) }} · {{ r.revisedBy.displayName }}</span
            >&ngsp;
            <span class="muted">“{{ r.reason }}” · was {{ originalSummary(r) }}</span>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    h3 {
      font: var(--mat-sys-title-small);
      margin: 16px 0 4px;
    }
    .records {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .records li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      padding: 4px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      overflow-wrap: anywhere;
    }
    .what {
      font: var(--mat-sys-label-large);
      min-width: 9rem;
    }
    .buttons {
      margin-left: auto;
      display: flex;
      flex-wrap: wrap;
    }
    .safety {
      color: var(--mat-sys-error);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class RecordCorrectionsPanelComponent {
  private readonly dialog = inject(MatDialog);
  private readonly service = inject(FlagLifecycleService);

  readonly assessments = input.required<readonly AssessmentRecord[]>();
  readonly contacts = input.required<readonly ContactRecord[]>();
  readonly revisions = input<readonly RecordRevisionView[]>([]);
  readonly canCorrectScores = input(false);
  readonly canCorrectContacts = input(false);
  /** A score or contact changed (reload it and the flags). */
  readonly changed = output<'assessment' | 'contact'>();

  protected readonly shown = SHOWN;
  protected readonly showAll = signal(false);
  protected readonly types = CONTACT_TYPE_LABELS;
  protected readonly date = formatIsoDate;
  protected readonly scores = computed(() => {
    const sorted = [...this.assessments()].sort(
      (a, b) => b.administeredOn.localeCompare(a.administeredOn) || b.createdAt.localeCompare(a.createdAt),
    );
    return this.showAll() ? sorted : sorted.slice(0, SHOWN);
  });
  protected readonly contactList = computed(() => {
    const sorted = [...this.contacts()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return this.showAll() ? sorted : sorted.slice(0, SHOWN);
  });

  protected instrument(id: string): string {
    return INSTRUMENT_NAMES[id] ?? id;
  }

  protected scoreLabel(a: AssessmentRecord): string {
    return `${this.instrument(a.instrument)} ${a.complete ? a.total : '(incomplete)'} of ${formatIsoDate(a.administeredOn)}`;
  }

  protected contactLabel(c: ContactRecord): string {
    return `${this.types[c.type]} of ${formatIsoDate(c.startedAt)}, ${c.minutes} min`;
  }

  protected revisionTitle(r: RecordRevisionView): string {
    const what = r.recordType === 'assessment' ? 'Score' : 'Contact';
    return r.action === 'corrected' ? `${what} corrected` : `${what} entered in error`;
  }

  protected originalSummary(r: RecordRevisionView): string {
    const o = r.original;
    if (r.recordType === 'assessment') {
      const total = o['total'] === null ? 'incomplete' : String(o['total']);
      return `${this.instrument(String(o['instrument']))} ${total} of ${formatIsoDate(String(o['administered_on']))}`;
    }
    return `${String(o['minutes'])} min on ${formatIsoDate(String(o['started_at']))}`;
  }

  protected correctScore(a: AssessmentRecord): void {
    this.open({ kind: 'assessment', record: a, title: `Correct ${this.scoreLabel(a)}` }, 'assessment', '56rem');
  }

  protected correctContact(c: ContactRecord): void {
    this.open({ kind: 'contact', record: c, title: `Correct ${this.contactLabel(c)}` }, 'contact', '32rem');
  }

  protected enteredInError(kind: 'assessment' | 'contact', id: string, label: string): void {
    const data: ReasonDialogData = {
      title: 'Mark entered in error',
      summary: `${label} will be removed from the record and the measures; the original is kept with your reason.`,
      label: 'Reason (required)',
      confirm: 'Mark entered in error',
      run: (reason) => this.service.enteredInError(kind, id, reason),
    };
    this.dialog
      .open<ReasonDialog, ReasonDialogData, boolean>(ReasonDialog, { data, width: '32rem', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((done) => {
        if (done) this.changed.emit(kind);
      });
  }

  private open(data: CorrectionData, kind: 'assessment' | 'contact', width: string): void {
    this.dialog
      .open<CorrectionDialog, CorrectionData, boolean>(CorrectionDialog, { data, width, maxWidth: '96vw' })
      .afterClosed()
      .subscribe((done) => {
        if (done) this.changed.emit(kind);
      });
  }
}
