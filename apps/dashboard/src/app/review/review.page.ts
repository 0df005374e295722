import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router } from '@angular/router';
import type { ReviewAgendaLine } from '@huddle/shared-types';
import { map } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { patientName } from '../shared/labels';
import { PageStateComponent } from '../shared/page-state.component';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { nextToReview, selectLine } from './agenda-lines';
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
  protected readonly calendar = inject(ClinicCalendar);
  private readonly form = viewChild(ReviewFormComponent);

  protected readonly state = toSignal(
    this.route.queryParamMap.pipe(
      map((m) => reviewStateFromParams({ week: m.get('week') ?? undefined, patient: m.get('patient') ?? undefined })),
    ),
    { requireSync: true },
  );
  protected readonly agenda = rxResource({
    params: () => ({ weekOf: this.state().weekOf }),
    stream: ({ params }) => this.service.agenda(params.weekOf),
  });
  protected readonly lines = computed(() => this.agenda.value()?.lines ?? []);
  /** The chosen patient, else the first due patient not yet reviewed, else the first due. */
  protected readonly selected = computed<ReviewAgendaLine | null>(() =>
    selectLine(this.lines(), this.state().patientId),
  );
  protected readonly summary = rxResource({
    params: () => this.selected()?.patientId,
    stream: ({ params }) => this.service.summary(params),
  });
  protected readonly progress = computed(() => this.agenda.value()?.progress ?? { reviewed: 0, total: 0 });
  protected readonly progressPct = computed(() => {
    const p = this.progress();
    return p.total === 0 ? 0 : Math.round((p.reviewed / p.total) * 100);
  });
  protected readonly weekLabel = computed(() => {
    const week = this.agenda.value()?.weekOf;
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

  /** Prints the one-line-per-patient agenda (print stylesheet: no navigation, no detail pane). */
  protected print(): void {
    window.print();
  }

  protected goToWeek(offset: number | null): void {
    const current = this.agenda.value()?.weekOf ?? null;
    const week = offset === null || !current ? null : shiftWeek(current, offset);
    void this.router.navigate([], { relativeTo: this.route, queryParams: week ? { week } : {} });
  }

  protected markReviewed(draft: ReviewDraft): void {
    const line = this.selected();
    const weekOf = this.agenda.value()?.weekOf;
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
          const p = this.progress();
          const counted = line.dueThisWeek ? ` (${Math.min(p.total, p.reviewed + 1)} of ${p.total})` : '';
          this.snackBar.open(`${patientName(line)} marked reviewed${counted}.`, undefined, { duration: 4000 });
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
