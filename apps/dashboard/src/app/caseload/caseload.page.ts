import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import type { Sort } from '@angular/material/sort';
import { ActivatedRoute, Router } from '@angular/router';
import { FlagCode, FlagSeverity, ManualFlagCode, type SelfReportState } from '@huddle/shared-types';
import { debounceTime, map, of, Subject } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { apiErrorMessage } from '../core/http/api-error';
import { patientActionsFor } from '../patient-actions/patient-action-roles';
import { RegistryActionsComponent } from '../registry/registry-actions.component';
import { openPatientAction } from '../patient-actions/patient-action.dialog';
import { FLAG_LABELS, SEVERITY_LABELS, EPISODE_STATUS_LABELS, patientName } from '../shared/labels';
import { keptPage, PagedListComponent, PagedListRowsDirective } from '../shared/paged-list.component';
import { paramsOf } from '../shared/url-params';
import {
  caseloadApiParams,
  caseloadQueryFromParams,
  caseloadQueryToParams,
  sortFromMatSort,
  updateCaseloadQuery,
  type CaseloadQuery,
} from './caseload-query';
import { CaseloadService } from './caseload.service';
import { ExportButtonsComponent, type ExportSource } from '../shared/export-buttons.component';
import { SelfReportApi } from '../self-report/self-report.service';
import { CASELOAD_CARDS_QUERY, injectMatches } from '../shared/viewport';
import { CaseloadCardsComponent } from './caseload-cards.component';
import { CaseloadTableComponent, type RowAction } from './caseload-table.component';

const NO_BADGES: ReadonlyMap<string, SelfReportState> = new Map();

/** The care manager's working list: filters, sort and page live in the URL; the API does the work. */
@Component({
  selector: 'hd-caseload-page',
  imports: [
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    PagedListComponent,
    PagedListRowsDirective,
    CaseloadTableComponent,
    RegistryActionsComponent,
    CaseloadCardsComponent,
    ExportButtonsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './caseload.page.html',
  styleUrl: './caseload.page.scss',
})
export class CaseloadPage {
  private readonly service = inject(CaseloadService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  private readonly selfReport = inject(SelfReportApi);

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map((m) => caseloadQueryFromParams(paramsOf(m)))), {
    requireSync: true,
  });
  /** On phones and tablets the caseload is a list of cards (no horizontal scroll). */
  protected readonly phone = injectMatches(CASELOAD_CARDS_QUERY);
  protected readonly isConsultant = computed(() => this.auth.role() === 'psychiatric_consultant');
  protected readonly rowActions = computed(() => patientActionsFor(this.auth.role()));
  protected readonly careManagers = rxResource({
    params: () => this.isConsultant() || undefined,
    stream: ({ params }) => (params ? this.service.careManagers() : of([])),
  });
  /** Consultants must pick a caseload; until the list of care managers arrives there is nothing to ask. */
  protected readonly request = computed<CaseloadQuery | undefined>(() => {
    const q = this.query();
    return this.isConsultant() && !q.careManagerId ? undefined : q;
  });
  protected readonly caseload = rxResource({
    params: () => this.request(),
    stream: ({ params }) => this.service.page(params),
  });
  /** The last page received, kept on screen (dimmed) while the next one loads. */
  protected readonly shown = keptPage(this.caseload);
  /** CSV / Excel of this caseload with its filters and sort, every page (issue #15). */
  protected readonly exportSource = computed<ExportSource>(() => {
    const params = caseloadApiParams(this.request() ?? this.query());
    delete params['page'];
    delete params['pageSize'];
    return { url: '/api/caseload/export', params };
  });
  /** Self-report badges (sent / completed / overdue) of the rows shown, in one request per page (issue #16). */
  private readonly badges = rxResource({
    params: () => {
      const ids = this.caseload.hasValue() ? this.caseload.value().items.map((r) => r.episodeId) : [];
      return ids.length > 0 ? ids : undefined;
    },
    stream: ({ params }) =>
      this.selfReport.states(params).pipe(map((list) => new Map(list.map((s) => [s.episodeId, s.state])))),
  });
  /** A failed badge request leaves the caseload as it is, without badges. */
  protected readonly selfReportStates = computed<ReadonlyMap<string, SelfReportState>>(() =>
    this.badges.hasValue() ? this.badges.value() : NO_BADGES,
  );
  protected readonly errorMessage = computed(() =>
    this.caseload.error() ? apiErrorMessage(this.caseload.error(), 'The caseload could not be loaded.') : null,
  );
  protected readonly careManagerName = computed(() => {
    const id = this.shown()?.careManagerId;
    return this.careManagers.value()?.find((c) => c.id === id)?.displayName ?? null;
  });
  protected readonly searchText = linkedSignal(() => this.query().search);
  protected readonly flagOptions = [...Object.values(FlagCode), ...Object.values(ManualFlagCode)].map((code) => ({
    value: code,
    label: FLAG_LABELS[code],
  }));
  protected readonly severityOptions = Object.values(FlagSeverity).map((value) => ({
    value,
    label: `${SEVERITY_LABELS[value]} or worse`,
  }));
  protected readonly statusOptions = (['enrolled', 'active', 'relapse_prevention'] as const).map((value) => ({
    value,
    label: EPISODE_STATUS_LABELS[value],
  }));
  protected readonly hasFilters = computed(() => {
    const q = this.query();
    return !!(q.search || q.flag || q.severity || q.status);
  });

  private readonly searches = new Subject<string>();

  constructor() {
    this.searches
      .pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((search) => this.change({ search }));
    // A consultant without a chosen caseload gets the first care manager's.
    effect(() => {
      const first = this.careManagers.value()?.[0];
      if (this.isConsultant() && first && !this.query().careManagerId) this.change({ careManagerId: first.id }, true);
    });
  }

  protected onSearch(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.searchText.set(value);
    this.searches.next(value);
  }

  protected onSort(sort: Sort): void {
    this.change(sortFromMatSort(sort.active, sort.direction));
  }

  protected onPage(event: PageEvent): void {
    this.change({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected clearFilters(): void {
    this.searchText.set('');
    this.change({ search: '', flag: null, severity: null, status: null });
  }

  protected onAction({ row, action, trigger }: RowAction): void {
    openPatientAction(
      this.dialog,
      { action, patientId: row.patientId, patientName: patientName(row) },
      trigger,
    ).subscribe((saved) => {
      if (saved) this.caseload.reload();
    });
  }

  /** Applies a change by navigating: the URL is the single source of the view's state. */
  protected change(change: Partial<CaseloadQuery>, replaceUrl = true): void {
    const next = updateCaseloadQuery(this.query(), change);
    void this.router.navigate([], { relativeTo: this.route, queryParams: caseloadQueryToParams(next), replaceUrl });
  }
}
