import type {
  ConsultantReviewView,
  MedicationEventView,
  RecommendationView,
  UtilizationEventRecord,
} from '@huddle/shared-types';
import type { TrajectoryMarker } from '../charts/trajectory.mapper';
import { daysBetweenIso } from '../shared/dates';
import { RECOMMENDATION_TYPE_LABELS } from '../shared/labels';

/** The calendar date of an ISO timestamp or date. */
const day = (value: string): string => value.slice(0, 10);

/**
 * Chart markers: consultant reviews, and recommendations as treatment changes ("continue current
 * plan" is not a change). A recommendation is dated by its review when that review is known.
 */
export function trajectoryMarkers(
  reviews: readonly Pick<ConsultantReviewView, 'id' | 'reviewedAt'>[],
  recommendations: readonly Pick<RecommendationView, 'reviewId' | 'type' | 'createdAt' | 'medication'>[],
): TrajectoryMarker[] {
  const reviewDates = new Map(reviews.map((r) => [r.id, day(r.reviewedAt)]));
  const markers: TrajectoryMarker[] = reviews.map((r) => ({
    date: day(r.reviewedAt),
    kind: 'review',
    label: 'Consultant review',
  }));
  for (const rec of recommendations) {
    if (rec.type === 'continue_current_plan') continue;
    const label = RECOMMENDATION_TYPE_LABELS[rec.type] + (rec.medication ? `: ${rec.medication}` : '');
    markers.push({ date: reviewDates.get(rec.reviewId) ?? day(rec.createdAt), kind: 'treatment', label });
  }
  return markers.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

/**
 * Chart markers for psychotropic medication events (`GET /api/patients/:id/medication-events`):
 * "Start sertraline 50 mg", "sertraline → 100 mg daily", "Stop sertraline".
 */
export function medicationMarkers(
  events: readonly Pick<MedicationEventView, 'action' | 'medication' | 'dose' | 'date'>[],
): TrajectoryMarker[] {
  return events
    .map((e): TrajectoryMarker => {
      const dose = e.dose ? ` ${e.dose}` : '';
      const label =
        e.action === 'start'
          ? `Start ${e.medication}${dose}`
          : e.action === 'stop'
            ? `Stop ${e.medication}`
            : `${e.medication} →${dose || ' new dose'}`;
      return { date: e.date, kind: 'medication', label };
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Chart markers for ED visits and hospital admissions (issue #17), dated by the visit or admission
 * day: "ED visit", "Hospital admission (3 days)" when the discharge date is known.
 */
export function utilizationMarkers(
  events: readonly Pick<UtilizationEventRecord, 'kind' | 'startsOn' | 'endsOn'>[],
): TrajectoryMarker[] {
  return events
    .map((e): TrajectoryMarker => {
      if (e.kind === 'ed_visit') return { date: e.startsOn, kind: 'ed_visit', label: 'ED visit' };
      const days = e.endsOn ? daysBetweenIso(e.startsOn, e.endsOn) : null;
      const stay = days === null ? '' : days === 0 ? ' (same day)' : ` (${days} day${days === 1 ? '' : 's'})`;
      return { date: e.startsOn, kind: 'admission', label: `Hospital admission${stay}` };
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}
