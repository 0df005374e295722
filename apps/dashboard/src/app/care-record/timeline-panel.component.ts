import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import type { PatientTimeline, TimelineEntry, TimelineKind } from '@huddle/shared-types';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { RECOMMENDATION_STATUS_LABELS, RECOMMENDATION_TYPE_LABELS } from '../shared/labels';
import { PageStateComponent } from '../shared/page-state.component';
import { CareRecordService, type TimelineCursor } from './care-record.service';

/** Filter chips: a label and the kinds it shows. */
export const TIMELINE_FILTERS: ReadonlyArray<{ id: string; label: string; kinds: readonly TimelineKind[] }> = [
  { id: 'score', label: 'Scores', kinds: ['score'] },
  { id: 'contact', label: 'Contacts', kinds: ['contact'] },
  { id: 'review', label: 'Reviews', kinds: ['review'] },
  { id: 'recommendation', label: 'Recommendations', kinds: ['recommendation'] },
  { id: 'medication', label: 'Medications', kinds: ['medication'] },
  { id: 'flag', label: 'Flags and safety', kinds: ['flag_raised', 'flag_cleared', 'safety_follow_up'] },
  { id: 'status', label: 'Status and plans', kinds: ['status', 'relapse_plan'] },
  { id: 'correction', label: 'Corrections', kinds: ['correction'] },
  { id: 'utilization', label: 'ED visits and admissions', kinds: ['utilization'] },
];

/** The kinds to ask for, or `null` for all of them (every chip selected, or none). */
export function timelineKinds(selected: readonly string[]): TimelineKind[] | null {
  if (selected.length === 0 || selected.length === TIMELINE_FILTERS.length) return null;
  return TIMELINE_FILTERS.filter((f) => selected.includes(f.id)).flatMap((f) => f.kinds);
}

const KIND_LABELS: Readonly<Record<TimelineKind, string>> = {
  score: 'Score',
  contact: 'Contact',
  review: 'Consultant review',
  recommendation: 'Recommendation',
  medication: 'Medication',
  flag_raised: 'Flag',
  flag_cleared: 'Flag',
  status: 'Status',
  correction: 'Correction',
  safety_follow_up: 'Safety follow-up',
  relapse_plan: 'Relapse prevention',
  utilization: 'ED / hospital',
};

interface ReviewRecommendation {
  id: string;
  type: keyof typeof RECOMMENDATION_TYPE_LABELS;
  detail: string;
  medication: string | null;
  dose: string | null;
  status: keyof typeof RECOMMENDATION_STATUS_LABELS;
}

const cursorOf = (page: PatientTimeline | undefined): TimelineCursor | null =>
  page?.nextBefore ? { before: page.nextBefore, beforeId: page.nextBeforeId } : null;

/**
 * The patient's shared timeline (issue #11): every score, contact (with its note), consultant review
 * (summary and recommendations in full), recommendation answer, medication change, flag and status
 * change, newest first, filtered by kind, 50 at a time.
 */
@Component({
  selector: 'hd-timeline-panel',
  imports: [MatButtonModule, MatChipsModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './timeline-panel.component.html',
  styleUrl: './timeline-panel.component.scss',
})
export class TimelinePanelComponent {
  private readonly service = inject(CareRecordService);
  readonly patientId = input.required<string>();

  protected readonly filters = TIMELINE_FILTERS;
  protected readonly selected = signal<readonly string[]>(TIMELINE_FILTERS.map((f) => f.id));
  private readonly kinds = computed(() => timelineKinds(this.selected()), {
    equal: (a, b) => (a ?? []).join() === (b ?? []).join(),
  });
  protected readonly firstPage = rxResource({
    params: () => ({ id: this.patientId(), kinds: this.kinds(), changes: this.service.changes() }),
    stream: ({ params }) => this.service.timeline(params.id, params.kinds, null),
  });
  protected readonly list = linkedSignal<
    PatientTimeline | undefined,
    { entries: TimelineEntry[]; next: TimelineCursor | null }
  >({
    source: () => this.firstPage.value(),
    computation: (page, previous) =>
      page ? { entries: page.entries, next: cursorOf(page) } : (previous?.value ?? { entries: [], next: null }),
  });
  protected readonly loadingOlder = signal(false);
  protected readonly olderError = signal<string | null>(null);
  protected readonly error = computed(() =>
    this.firstPage.error() ? apiErrorMessage(this.firstPage.error(), 'The timeline could not be loaded.') : null,
  );
  protected readonly date = formatIsoDate;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly recTypes = RECOMMENDATION_TYPE_LABELS;
  protected readonly recStatuses = RECOMMENDATION_STATUS_LABELS;

  protected onFilter(value: readonly string[] | null): void {
    this.selected.set(value ?? []);
  }

  protected loadOlder(): void {
    const cursor = this.list().next;
    if (!cursor) return;
    this.loadingOlder.set(true);
    this.olderError.set(null);
    this.service.timeline(this.patientId(), this.kinds(), cursor).subscribe({
      next: (page) => {
        this.loadingOlder.set(false);
        this.list.update((list) => ({ entries: [...list.entries, ...page.entries], next: cursorOf(page) }));
      },
      error: (e: unknown) => {
        this.loadingOlder.set(false);
        this.olderError.set(apiErrorMessage(e, 'Older entries could not be loaded.'));
      },
    });
  }

  /** A review's recommendations (from the entry's data). */
  protected recommendationsOf(entry: TimelineEntry): ReviewRecommendation[] {
    const recs = entry.data?.['recommendations'];
    return Array.isArray(recs) ? (recs as ReviewRecommendation[]) : [];
  }

  protected weekOf(entry: TimelineEntry): string | null {
    const week = entry.data?.['weekOf'];
    return typeof week === 'string' ? formatIsoDate(week) : null;
  }
}
