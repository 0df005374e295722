import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatMenuModule } from '@angular/material/menu';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { Router } from '@angular/router';
import type { CaseloadRow, CaseloadSort, SelfReportState, SortOrder } from '@huddle/shared-types';
import type { PatientAction } from '../patient-actions/patient-action.dialog';
import { FlagChipsComponent } from '../shared/flag-chips.component';
import { followRouteLink } from '../shared/follow-link';
import { SelfReportBadgeComponent } from '../self-report/self-report-badge.component';
import { caseloadRowView } from './caseload-row.view';

export interface RowAction {
  row: CaseloadRow;
  action: PatientAction;
  /** The row's menu button, to return focus to when the dialog closes. */
  trigger?: { focus(): void };
}

/**
 * The caseload rows: scores, engagement, flags (with the "why" on hover and focus) and quick
 * actions. Sorting is reported up (the page keeps it in the URL and the API sorts). Rendering 100
 * rows is kept cheap (issue #13 item 8): texts worked out once per page, plain links followed by one
 * handler on the table, one shared tooltip for the flag chips, no Material button per row.
 */
@Component({
  selector: 'hd-caseload-table',
  imports: [MatSortModule, MatMenuModule, FlagChipsComponent, SelfReportBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './caseload-table.component.html',
  styleUrl: './caseload-table.component.scss',
})
export class CaseloadTableComponent {
  readonly rows = input.required<readonly CaseloadRow[]>();
  readonly sort = input.required<CaseloadSort>();
  readonly order = input.required<SortOrder>();
  /** Show the quick-action menu (care managers and consultants). */
  readonly actions = input<readonly PatientAction[]>(['contact', 'assessment', 'flag']);
  readonly sortChange = output<Sort>();
  readonly rowAction = output<RowAction>();
  /** Self-report state by episode id (issue #16). */
  readonly selfReport = input<ReadonlyMap<string, SelfReportState>>(new Map());

  /** The rows' texts, worked out once per page (not per cell on every change detection). */
  protected readonly view = computed(() => this.rows().map(caseloadRowView));
  private readonly router = inject(Router);

  /** The patient links (plain `<a>`, one handler for the whole table). */
  protected follow(event: MouseEvent): void {
    followRouteLink(event, this.router);
  }

  protected readonly actionLabels: Readonly<Record<PatientAction, string>> = {
    contact: 'Log contact',
    assessment: 'Add score',
    flag: 'Flag for review',
  };
}
