import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  AddProblemRequest,
  CarePreferencesView,
  CareTaskView,
  CareTeamOptions,
  CohortOutcome,
  ConsultantSummary,
  DiscussHuddleItemRequest,
  HuddleItemView,
  PatientSocialNeeds,
  ProblemView,
  RecordLabRequest,
  RecordSocialNeedsScreeningRequest,
  SaveCarePreferencesRequest,
  SocialNeedView,
  UpdateSocialNeedRequest,
  VitalsView,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Issue #17 part 2: social needs, problem list, care preferences, summary, cohorts, huddles and tasks. */
@Injectable({ providedIn: 'root' })
export class IntegratedCareService {
  private readonly http = inject(API_HTTP);

  socialNeeds(patientId: string): Observable<PatientSocialNeeds> {
    return this.http.get<PatientSocialNeeds>(`/api/patients/${patientId}/social-needs`);
  }
  screen(patientId: string, body: RecordSocialNeedsScreeningRequest): Observable<PatientSocialNeeds> {
    return this.http.post<PatientSocialNeeds>(`/api/patients/${patientId}/social-needs/screenings`, body);
  }
  progressNeed(id: string, body: UpdateSocialNeedRequest): Observable<SocialNeedView> {
    return this.http.post<SocialNeedView>(`/api/social-needs/${id}/progress`, body);
  }

  problems(patientId: string): Observable<{ problems: ProblemView[]; vitals: VitalsView }> {
    return this.http.get<{ problems: ProblemView[]; vitals: VitalsView }>(`/api/patients/${patientId}/problems`);
  }
  addProblem(patientId: string, body: AddProblemRequest): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/api/patients/${patientId}/problems`, body);
  }
  resolveProblem(id: string, resolvedOn: string, version: number): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/api/problems/${id}/resolve`, { resolvedOn, version });
  }
  recordLab(patientId: string, body: RecordLabRequest): Observable<VitalsView> {
    return this.http.post<VitalsView>(`/api/patients/${patientId}/labs`, body);
  }

  preferences(patientId: string): Observable<CarePreferencesView> {
    return this.http.get<CarePreferencesView>(`/api/patients/${patientId}/care-preferences`);
  }
  savePreferences(patientId: string, body: SaveCarePreferencesRequest): Observable<CarePreferencesView> {
    return this.http.put<CarePreferencesView>(`/api/patients/${patientId}/care-preferences`, body);
  }

  summary(patientId: string): Observable<ConsultantSummary> {
    return this.http.get<ConsultantSummary>(`/api/patients/${patientId}/summary`);
  }
  outcomesByCohort(): Observable<CohortOutcome[]> {
    return this.http.get<CohortOutcome[]>('/api/outcomes/by-cohort');
  }

  huddleItems(): Observable<HuddleItemView[]> {
    return this.http.get<HuddleItemView[]>('/api/huddle/items');
  }
  /** Puts the patient on the next huddle; answers the huddle's date (null: the clinic has no huddle day). */
  raise(patientId: string, question: string): Observable<{ id: string; huddleOn: string | null }> {
    return this.http.post<{ id: string; huddleOn: string | null }>('/api/huddle/items', { patientId, question });
  }
  discuss(id: string, body: DiscussHuddleItemRequest): Observable<{ tasks: CareTaskView[] }> {
    return this.http.post<{ tasks: CareTaskView[] }>(`/api/huddle/items/${id}/discuss`, body);
  }
  myTasks(): Observable<CareTaskView[]> {
    return this.http.get<CareTaskView[]>('/api/tasks/mine');
  }
  setTaskDone(id: string, done: boolean, version: number): Observable<CareTaskView> {
    return this.http.post<CareTaskView>(`/api/tasks/${id}/status`, { done, version });
  }
  teamOptions(): Observable<CareTeamOptions> {
    return this.http.get<CareTeamOptions>('/api/staff/care-team-options');
  }
}
