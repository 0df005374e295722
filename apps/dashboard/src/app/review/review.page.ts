import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  Injector,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router } from '@angular/router';
import type { ReviewAgenda, ReviewAgendaLine } from '@huddle/shared-types';
import { map } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { patientName } from '../shared/labels';
import { PageStateComponent } from '../shared/page-state.component';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { AGENDA_PAGE_SIZE, nextToReview, selectLine, unloadedLines } from './agenda-lines';
import { ReviewAgendaComponent } from './review-agenda.component';
import { ReviewPrintComponent } from './review-print.component';
import { ReviewFormComponent, type ReviewDraft } from './review-form.component';
import { reviewStateFromParams, shiftWeek } from './review-state';
import { ReviewSummaryComponent } from './review-summary.component';
import { ReviewService } from './review.service';

/** The consultant's weekly caseload review: agenda in priority order, one patient at a time. */
@Component({
  selector: 'hd-review-page',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    PageStateComponent,
    ReviewAgendaComponent,
    ReviewSummaryComponent,
    ReviewFormComponent,
    ReviewPrintComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './review.page.html',
  styleUrl: './review.page.scss',
})
export class ReviewPage {
  private readonly service = inject(ReviewService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly injector = inject(Injector);
  protected readonly calendar = inject(ClinicCalendar);
  private readonly form = viewChild(ReviewFormComponent);

  protected readonly state = toSignal(
    this.route.queryParamMap.pipe(
      map((m) => reviewStateFromParams({ week: m.get('week') ?? undefined, patient: m.get('patient') ?? undefined })),
    ),
    { requireSync: true },
  );
  /** Lines asked for: the first page, more with "Show more"; back to one page when the week changes. */
  private readonly shown = linkedSignal({ source: () => this.state().weekOf, computation: () => AGENDA_PAGE_SIZE });
  protected readonly agenda = rxResource({
    params: () => ({ weekOf: this.state().weekOf, limit: this.shown() }),
    stream: ({ params }) => this.service.agenda(params.weekOf, params.limit),
  });
  /** The agenda on screen: the last one loaded for this week, kept while more lines load. */
  protected readonly view = linkedSignal<
    { value: ReviewAgenda | undefined; weekOf: string | null },
    ReviewAgenda | undefined
  >({
    source: () => ({ value: this.agenda.value(), weekOf: this.state().weekOf }),
    computation: (source, previous) =>
      source.value ?? (previous && previous.source.weekOf === source.weekOf ? previous.value : undefined),
  });
  protected readonly lines = computed(() => this.view()?.lines ?? []);
  protected readonly sections = computed(() => this.view()?.sections ?? { due: 0, notDue: 0 });
  /** Print asked for while the due lines were still loading: print once they are. */
  private readonly printPending = signal(false);
  /** The chosen patient, else the first due patient not yet reviewed, else the first due. */
  protected readonly selected = computed<ReviewAgendaLine | null>(() =>
    selectLine(this.lines(), this.state().patientId),
  );
  protected readonly summary = rxResource({
    params: () => this.selected()?.patientId,
    stream: ({ params }) => this.service.summary(params),
  });
  protected readonly progress = computed(() => this.view()?.progress ?? { reviewed: 0, total: 0 });
  protected readonly progressPct = computed(() => {
    const p = this.progress();
    return p.total === 0 ? 0 : Math.round((p.reviewed / p.total) * 100);
  });
  protected readonly weekLabel = computed(() => {
    const week = this.view()?.weekOf;
    return week ? `Week of ${formatIsoDate(week)}` : '';
  });
  protected readonly agendaError = computed(() =>
    this.agenda.error() ? apiErrorMessage(this.agenda.error(), 'The review agenda could not be loaded.') : null,
  );
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected readonly selectedName = computed(() => {
    const s = this.selected();
    return s ? patientName(s) : '';
  });

  constructor() {
    // A patient chosen by the URL (a link, a reload) further down than the lines loaded: load on to them.
    effect(() => {
      const agenda = this.agenda.value();
      const patientId = this.state().patientId;
      if (!agenda || patientId === null || agenda.lines.some((l) => l.patientId === patientId)) return;
      if (agenda.lines.length < agenda.sections.due + agenda.sections.notDue) this.showMore();
    });
    // Print once every due line is loaded.
    effect(() => {
      const agenda = this.agenda.value();
      if (!this.printPending() || !agenda || unloadedLines(agenda).due > 0) return;
      this.printPending.set(false);
      afterNextRender(() => window.print(), { injector: this.injector });
    });
  }

  /** Asks for the next page of lines (the lines shown so far are asked again with them, in order). */
  protected showMore(): void {
    const agenda = this.view();
    const total = agenda ? agenda.sections.due + agenda.sections.notDue : 0;
    this.shown.update((n) => Math.min(Math.max(total, AGENDA_PAGE_SIZE), n + AGENDA_PAGE_SIZE));
  }

  /**
   * Prints the one-line-per-patient agenda of every due patient (print stylesheet: no navigation, no
   * detail pane), first loading the due lines not loaded yet.
   */
  protected print(): void {
    const agenda = this.view();
    if (!agenda) return;
    if (unloadedLines(agenda).due === 0) {
      window.print();
      return;
    }
    this.printPending.set(true);
    this.shown.update((n) => Math.max(n, agenda.sections.due));
  }

  protected goToWeek(offset: number | null): void {
    const current = this.view()?.weekOf ?? null;
    const week = offset === null || !current ? null : shiftWeek(current, offset);
    void this.router.navigate([], { relativeTo: this.route, queryParams: week ? { week } : {} });
  }

  protected markReviewed(draft: ReviewDraft): void {
    const line = this.selected();
    const weekOf = this.view()?.weekOf;
    if (!line || !weekOf) return;
    this.saving.set(true);
    this.saveError.set(null);
    this.service
      .markReviewed(line.episodeId, {
        weekOf,
        ...(draft.summary ? { summary: draft.summary } : {}),
        recommendations: draft.recommendations,
      })
      .subscribe({
        next: () => {
          this.saving.set(false);
          this.form()?.reset();
          const next = nextToReview(this.lines(), line);
          const agenda = this.view();
          // The next due patient may be further down than the lines loaded: load on, the first open one is chosen.
          const more = next === null && agenda !== undefined && unloadedLines(agenda).due > 0;
          const p = this.progress();
          const counted = line.dueThisWeek ? ` (${Math.min(p.total, p.reviewed + 1)} of ${p.total})` : '';
          this.snackBar.open(`${patientName(line)} marked reviewed${counted}.`, undefined, { duration: 4000 });
          if (more) {
            this.showMore();
            void this.router.navigate([], {
              relativeTo: this.route,
              queryParams: { patient: null },
              queryParamsHandling: 'merge',
            });
            return;
          }
          this.agenda.reload();
          if (next) {
            void this.router.navigate([], {
              relativeTo: this.route,
              queryParams: { patient: next.patientId },
              queryParamsHandling: 'merge',
            });
          } else {
            this.summary.reload();
          }
        },
        error: (e: unknown) => {
          this.saving.set(false);
          this.saveError.set(apiErrorMessage(e, 'The review could not be saved.'));
        },
      });
  }
}
