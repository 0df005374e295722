import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable, signal } from '@angular/core';
import type {
  MedicationView,
  PatientTimeline,
  RecommendationInboxItem,
  RecommendationStatus,
  RecommendationView,
  RelapsePreventionPlanFields,
  RelapsePreventionPlanResponse,
  TimelineKind,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { PatientPageStore } from '../patient/patient-page.store';

/** Older entries than this position (the previous page's `nextBefore` / `nextBeforeId`). */
export interface TimelineCursor {
  before: string;
  beforeId: string | null;
}

/** Shared care record: timeline, medications, relapse-prevention plan, recommendation answers. */
@Injectable({ providedIn: 'root' })
export class CareRecordService {
  private readonly page = inject(PatientPageStore);
  private readonly http = inject(API_HTTP);
  private readonly changeCount = signal(0);
  /** Bumped after every write here, so the timeline reloads. */
  readonly changes = this.changeCount.asReadonly();

  /** Tells the timeline that the record changed (after a save elsewhere on the page). */
  changed(): void {
    this.changeCount.update((n) => n + 1);
  }

  timeline(
    patientId: string,
    kinds: readonly TimelineKind[] | null,
    cursor: TimelineCursor | null,
    limit = 50,
  ): Observable<PatientTimeline> {
    // The first page, unfiltered, came with the patient page (GET /api/patients/:id/page).
    const fromPage = !kinds && !cursor && limit === 50 ? this.page.take(patientId, 'timeline') : null;
    if (fromPage) return fromPage;
    const params: Record<string, string> = { limit: String(limit) };
    if (kinds) params['kinds'] = kinds.join(',');
    if (cursor) {
      params['before'] = cursor.before;
      if (cursor.beforeId) params['beforeId'] = cursor.beforeId;
    }
    return this.http.get<PatientTimeline>(`/api/patients/${patientId}/timeline`, { params });
  }

  medications(patientId: string): Observable<MedicationView[]> {
    return (
      this.page.take(patientId, 'medications') ??
      this.http.get<MedicationView[]>(`/api/patients/${patientId}/medications`)
    );
  }

  startMedication(
    patientId: string,
    body: { name: string; dose: string; startedOn: string; note: string | null },
  ): Observable<MedicationView> {
    return this.http.post<MedicationView>(`/api/patients/${patientId}/medications`, body);
  }

  changeMedication(
    medication: MedicationView,
    body: { dose: string; effectiveOn: string; note: string | null },
  ): Observable<MedicationView> {
    return this.http.post<MedicationView>(`/api/medications/${medication.id}/changes`, {
      ...body,
      version: medication.version,
    });
  }

  stopMedication(
    medication: MedicationView,
    body: { stoppedOn: string; note: string | null },
  ): Observable<MedicationView> {
    return this.http.post<MedicationView>(`/api/medications/${medication.id}/stop`, {
      ...body,
      version: medication.version,
    });
  }

  relapsePlan(episodeId: string): Observable<RelapsePreventionPlanResponse> {
    return (
      this.page.takeForEpisode(episodeId, 'relapsePlan') ??
      this.http.get<RelapsePreventionPlanResponse>(`/api/episodes/${episodeId}/relapse-prevention-plan`)
    );
  }

  saveRelapsePlan(
    episodeId: string,
    fields: RelapsePreventionPlanFields,
    version: number | null,
  ): Observable<RelapsePreventionPlanResponse> {
    return this.http.put<RelapsePreventionPlanResponse>(`/api/episodes/${episodeId}/relapse-prevention-plan`, {
      ...fields,
      ...(version === null ? {} : { version }),
    });
  }

  inbox(): Observable<RecommendationInboxItem[]> {
    return this.http.get<RecommendationInboxItem[]>('/api/recommendations/inbox');
  }

  answerRecommendation(
    recommendation: RecommendationView,
    status: RecommendationStatus,
    reason: string | null,
  ): Observable<RecommendationView> {
    return this.http.patch<RecommendationView>(`/api/recommendations/${recommendation.id}/status`, {
      status,
      version: recommendation.version,
      ...(reason ? { reason } : {}),
    });
  }
}
