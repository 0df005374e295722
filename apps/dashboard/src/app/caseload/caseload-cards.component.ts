import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import type { Sort } from '@angular/material/sort';
import { Router } from '@angular/router';
import type { CaseloadRow, CaseloadSort, SelfReportState, SortOrder } from '@huddle/shared-types';
import type { PatientAction } from '../patient-actions/patient-action.dialog';
import { FlagChipsComponent } from '../shared/flag-chips.component';
import { followRouteLink } from '../shared/follow-link';
import type { RowAction } from './caseload-table.component';
import { caseloadRowView } from './caseload-row.view';
import { SelfReportBadgeComponent } from '../self-report/self-report-badge.component';

/** The orders a phone user can pick (the table's sortable columns). */
const SORTS: ReadonlyArray<{ value: CaseloadSort; label: string }> = [
  { value: 'priority', label: 'Flags (most urgent first)' },
  { value: 'name', label: 'Name' },
  { value: 'status', label: 'Status' },
  { value: 'weeksInTreatment', label: 'Weeks in treatment' },
  { value: 'phq9Latest', label: 'Latest PHQ-9' },
  { value: 'phq9PercentChange', label: 'PHQ-9 change' },
  { value: 'gad7Latest', label: 'Latest GAD-7' },
  { value: 'lastContactAt', label: 'Last contact' },
  { value: 'minutesThisMonth', label: 'Minutes this month' },
];

/**
 * The caseload on a phone or tablet (issue #11 item 6): one card per patient with name, flags,
 * latest PHQ-9/GAD-7 and change, weeks, last contact and the quick actions; a sort picker replaces the
 * table's column headers. Same inputs and outputs as the table.
 */
@Component({
  selector: 'hd-caseload-cards',
  imports: [
    NgTemplateOutlet,
    MatButtonModule,
    MatFormFieldModule,
    MatMenuModule,
    MatSelectModule,
    FlagChipsComponent,
    SelfReportBadgeComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="sort">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Sort by</mat-label>
        <mat-select [value]="sort()" (selectionChange)="sortChange.emit({ active: $event.value, direction: order() })">
          @for (s of sorts; track s.value) {
            <mat-option [value]="s.value">{{ s.label }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <button
        mat-stroked-button
        type="button"
        (click)="sortChange.emit({ active: sort(), direction: order() === 'asc' ? 'desc' : 'asc' })"
      >
        {{ order() === 'asc' ? 'Ascending' : 'Descending' }}
      </button>
    </div>
    <!-- One handler follows the patient links of every card (issue #13 item 8). -->
    <!-- eslint-disable-next-line @angular-eslint/template/click-events-have-key-events, @angular-eslint/template/interactive-supports-focus -->
    <ul class="cards" aria-label="Caseload: one card per patient in an open episode" (click)="follow($event)">
      @for (v of view(); track v.row.episodeId) {
        <li class="card" [class.safety]="v.row.safety">
          <div class="title">
            <h2>
              <a [href]="v.href" data-route>{{ v.name }}</a>
            </h2>
            <span class="mrn">MRN {{ v.row.mrn }} · {{ v.status }}</span>
            <!-- Created only for the rows with a state: the badges arrive after the rows (issue #13 item 8). -->
            @if (selfReport().get(v.row.episodeId); as state) {
              <hd-self-report-badge [state]="state" />
            }
          </div>
          @if (v.row.flags.length > 0) {
            <hd-flag-chips [flags]="v.row.flags" [label]="v.flagsLabel" />
          }
          <dl class="facts">
            <div>
              <dt>PHQ-9</dt>
              <dd><ng-container *ngTemplateOutlet="scores; context: { $implicit: v.phq9 }" /></dd>
            </div>
            <div>
              <dt>GAD-7</dt>
              <dd><ng-container *ngTemplateOutlet="scores; context: { $implicit: v.gad7 }" /></dd>
            </div>
            <div>
              <dt>Weeks</dt>
              <dd>{{ v.weeks }}</dd>
            </div>
            <div>
              <dt>Last contact</dt>
              <dd>{{ v.lastContact }}</dd>
            </div>
            <div>
              <dt>Minutes this month</dt>
              <dd>{{ v.minutes }}</dd>
            </div>
          </dl>
          @if (actions().length > 0) {
            <button
              type="button"
              class="hd-outline-button actions"
              #trigger="matMenuTrigger"
              [matMenuTriggerFor]="menu"
              [matMenuTriggerData]="{ row: v.row, trigger: trigger }"
              [attr.aria-label]="v.actionsLabel"
            >
              Actions
            </button>
          }
        </li>
      }
    </ul>

    <mat-menu #menu="matMenu">
      <ng-template matMenuContent let-row="row" let-trigger="trigger">
        @for (a of actions(); track a) {
          <button mat-menu-item type="button" (click)="rowAction.emit({ row, action: a, trigger })">
            {{ actionLabels[a] }}
          </button>
        }
      </ng-template>
    </mat-menu>

    <ng-template #scores let-s>
      <span aria-hidden="true">{{ s.pair }}</span
      ><span class="visually-hidden">{{ s.spoken }}</span>
      @if (s.change) {
        <span class="change" [class.good]="s.good" [class.bad]="s.bad"
          >({{ s.change }}{{ s.outcome ? ', ' + s.outcome : '' }})</span
        >
      }
    </ng-template>
  `,
  styles: `
    :host {
      display: block;
    }
    .sort {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-bottom: 8px;
    }
    .sort mat-form-field {
      flex: 0 1 18rem;
      min-width: 0;
    }
    .cards {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
      gap: 8px;
    }
    .card {
      min-width: 0;
      padding: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      display: grid;
      align-content: start;
      gap: 8px;
      overflow-wrap: anywhere;
    }
    .card.safety {
      border-left: 6px solid var(--mat-sys-error);
    }
    h2 {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .mrn {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .facts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr));
      gap: 4px 12px;
      margin: 0;
    }
    dt {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .change {
      margin-left: 4px;
    }
    .good {
      font-weight: 600;
    }
    .bad {
      color: var(--mat-sys-error);
    }
    .actions {
      justify-self: start;
    }
  `,
})
export class CaseloadCardsComponent {
  readonly rows = input.required<readonly CaseloadRow[]>();
  /** Self-report state by episode id (issue #16). */
  readonly selfReport = input<ReadonlyMap<string, SelfReportState>>(new Map());
  readonly sort = input.required<CaseloadSort>();
  readonly order = input.required<SortOrder>();
  readonly actions = input<readonly PatientAction[]>(['contact', 'assessment', 'flag']);
  readonly sortChange = output<Sort>();
  readonly rowAction = output<RowAction>();

  protected readonly sorts = SORTS;
  /** The cards' texts, worked out once per page. */
  protected readonly view = computed(() => this.rows().map(caseloadRowView));
  private readonly router = inject(Router);

  /** The patient links (plain `<a>`, one handler for the list). */
  protected follow(event: MouseEvent): void {
    followRouteLink(event, this.router);
  }
  protected readonly actionLabels: Readonly<Record<PatientAction, string>> = {
    contact: 'Log contact',
    assessment: 'Add score',
    flag: 'Flag for review',
  };
}
