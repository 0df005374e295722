import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { PatientSummary } from '@huddle/shared-types';
import { catchError, debounceTime, map, of, Subject } from 'rxjs';
import { RecommendationInboxComponent } from '../care-record/recommendation-inbox.component';
import { apiErrorMessage } from '../core/http/api-error';
import { RegistryActionsComponent } from '../registry/registry-actions.component';
import { formatIsoDate } from '../shared/dates';
import { FlagChipsComponent } from '../shared/flag-chips.component';
import { EPISODE_STATUS_LABELS, patientName } from '../shared/labels';
import { keptPage, PagedListComponent, PagedListRowsDirective } from '../shared/paged-list.component';
import { paramsOf } from '../shared/url-params';
import {
  patientsQueryFromParams,
  patientsQueryToParams,
  updatePatientsQuery,
  type PatientsQuery,
} from './patients-query';
import { PatientsService } from './patients.service';
import { ScoreSummaryComponent } from './score-summary.component';

/**
 * The patients the signed-in clinician may see (a PCP's own patients, a care manager's or
 * consultant's caseload patients), searched by name or MRN. Search and page live in the URL.
 */
@Component({
  selector: 'hd-patients-page',
  imports: [
    RouterLink,
    MatFormFieldModule,
    MatInputModule,
    MatTableModule,
    PagedListComponent,
    PagedListRowsDirective,
    ScoreSummaryComponent,
    FlagChipsComponent,
    RecommendationInboxComponent,
    RegistryActionsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patients.page.html',
  styleUrl: './patients.page.scss',
})
export class PatientsPage {
  private readonly service = inject(PatientsService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map((m) => patientsQueryFromParams(paramsOf(m)))), {
    requireSync: true,
  });
  protected readonly patients = rxResource({
    params: () => this.query(),
    stream: ({ params }) => this.service.page(params),
  });
  /** Care manager names are a nicety: without them the column says "Assigned". */
  private readonly careManagers = rxResource({
    stream: () => this.service.careManagers().pipe(catchError(() => of([]))),
  });
  private readonly careManagerNames = computed(
    () => new Map((this.careManagers.value() ?? []).map((s) => [s.id, s.displayName])),
  );
  /** The last page received, kept on screen (dimmed) while the next one loads. */
  protected readonly shown = keptPage(this.patients);
  protected readonly errorMessage = computed(() =>
    this.patients.error() ? apiErrorMessage(this.patients.error(), 'The patient list could not be loaded.') : null,
  );
  protected readonly searchText = linkedSignal(() => this.query().search);
  protected readonly columns = ['name', 'mrn', 'birthDate', 'status', 'careManager', 'phq9', 'gad7', 'flags'] as const;

  private readonly searches = new Subject<string>();

  constructor() {
    this.searches
      .pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((search) => this.change({ search }));
  }

  protected nameOf(p: PatientSummary): string {
    return patientName(p);
  }

  protected birthDate(p: PatientSummary): string {
    return formatIsoDate(p.birthDate);
  }

  protected statusOf(p: PatientSummary): string {
    return p.openEpisode ? EPISODE_STATUS_LABELS[p.openEpisode.status] : 'No open episode';
  }

  protected careManagerOf(p: PatientSummary): string {
    const id = p.openEpisode?.careManagerId;
    if (!p.openEpisode) return '—';
    if (!id) return 'Unassigned';
    return this.careManagerNames().get(id) ?? 'Assigned';
  }

  protected onSearch(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.searchText.set(value);
    this.searches.next(value);
  }

  protected onPage(event: PageEvent): void {
    this.change({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  /** Applies a change by navigating: the URL is the single source of the view's state. */
  private change(change: Partial<PatientsQuery>): void {
    const next = updatePatientsQuery(this.query(), change);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: patientsQueryToParams(next),
      replaceUrl: true,
    });
  }
}
