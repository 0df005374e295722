import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { EpisodeMeasures, PatientReviewSummary } from '@huddle/shared-types';
import { TrajectoryChartComponent } from '../charts/trajectory-chart.component';
import { trajectoryView } from '../charts/trajectory.mapper';
import { MedicationEventsService } from '../patient/medication-events.service';
import { medicationMarkers, trajectoryMarkers } from '../patient/patient-markers';
import { formatIsoDate, proseDates } from '../shared/dates';
import {
  EPISODE_STATUS_LABELS,
  FLAG_LABELS,
  patientName,
  RECOMMENDATION_STATUS_LABELS,
  RECOMMENDATION_TYPE_LABELS,
  SEVERITY_LABELS,
} from '../shared/labels';

/** Text for one instrument's measures, e.g. "18 → 9 (−50%), response". */
export function measuresText(m: EpisodeMeasures | null): string {
  if (!m?.baseline) return 'No score yet';
  const latest = m.latest?.total ?? m.baseline.total;
  if (m.followUpCount === 0)
    return `Baseline ${m.baseline.total} on ${formatIsoDate(m.baseline.date)}, no follow-up yet`;
  const pct = m.percentChange === null ? '' : ` (${m.percentChange > 0 ? '+' : ''}${Math.round(m.percentChange)}%)`;
  const outcome = m.remission ? ', remission' : m.response ? ', response' : m.worsening ? ', worsening' : '';
  const track = m.onTrack === false ? ', behind the expected trajectory' : '';
  return `${m.baseline.total} → ${latest}${pct}${outcome}${track}`;
}

/** Everything the consultant needs about one patient on one screen. */
@Component({
  selector: 'hd-review-summary',
  imports: [RouterLink, TrajectoryChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './review-summary.component.html',
  styleUrl: './review-summary.component.scss',
})
export class ReviewSummaryComponent {
  readonly summary = input.required<PatientReviewSummary>();
  private readonly medications = inject(MedicationEventsService);
  /** Medication starts, changes and stops for the charts (none while the list is unavailable). */
  private readonly medicationEvents = rxResource({
    params: () => this.summary().patient.id,
    stream: ({ params }) => this.medications.events(params),
  });

  protected readonly name = computed(() => patientName(this.summary().patient));
  protected readonly statusLabels = EPISODE_STATUS_LABELS;
  protected readonly flagLabels = FLAG_LABELS;
  protected readonly severityLabels = SEVERITY_LABELS;
  protected readonly recTypes = RECOMMENDATION_TYPE_LABELS;
  protected readonly prose = proseDates;
  protected readonly recStatuses = RECOMMENDATION_STATUS_LABELS;
  protected readonly date = formatIsoDate;
  protected readonly measures = measuresText;
  private readonly markers = computed(() => {
    const s = this.summary();
    return [
      ...trajectoryMarkers(s.lastReview ? [s.lastReview] : [], [
        ...(s.lastReview?.recommendations ?? []),
        ...s.openRecommendations,
      ]),
      ...medicationMarkers(this.medicationEvents.value() ?? []),
    ];
  });
  protected readonly phq9 = computed(() => trajectoryView('PHQ9', this.summary().phq9.points, this.markers()));
  protected readonly gad7 = computed(() => trajectoryView('GAD7', this.summary().gad7.points, this.markers()));
  protected readonly careManagerNotes = computed(() => this.summary().manualFlags.filter((f) => f.note));
}
