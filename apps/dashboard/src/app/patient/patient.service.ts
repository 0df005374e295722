import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  AssessmentRecord,
  ContactRecord,
  EpisodeDetail,
  PatientDetail,
  PatientFlagsResponse,
  PatientMonthlyBilling,
  ConsultantReviewView,
  RecommendationView,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import type { EpisodeStatusRequest } from './episode-status';

/** Reads and writes of the patient page. */
@Injectable({ providedIn: 'root' })
export class PatientService {
  private readonly http = inject(API_HTTP);

  patient(id: string): Observable<PatientDetail> {
    return this.http.get<PatientDetail>(`/api/patients/${id}`);
  }

  episode(id: string): Observable<EpisodeDetail> {
    return this.http.get<EpisodeDetail>(`/api/episodes/${id}`);
  }

  assessments(patientId: string): Observable<AssessmentRecord[]> {
    return this.http.get<AssessmentRecord[]>(`/api/patients/${patientId}/assessments`);
  }

  contacts(patientId: string): Observable<ContactRecord[]> {
    return this.http.get<ContactRecord[]>(`/api/patients/${patientId}/contacts`);
  }

  flags(patientId: string): Observable<PatientFlagsResponse> {
    return this.http.get<PatientFlagsResponse>(`/api/patients/${patientId}/flags`);
  }

  recommendations(patientId: string): Observable<RecommendationView[]> {
    return this.http.get<RecommendationView[]>(`/api/patients/${patientId}/recommendations`);
  }

  /** Every consultant review of the patient, newest first (chart markers). */
  reviews(patientId: string): Observable<ConsultantReviewView[]> {
    return this.http.get<ConsultantReviewView[]>(`/api/patients/${patientId}/reviews`);
  }

  /** CoCM minutes and codes of one calendar month (`YYYY-MM`). */
  billing(patientId: string, month: string): Observable<PatientMonthlyBilling> {
    return this.http.get<PatientMonthlyBilling>(`/api/patients/${patientId}/billing`, { params: { month } });
  }

  changeEpisodeStatus(episodeId: string, body: EpisodeStatusRequest): Observable<EpisodeDetail> {
    return this.http.patch<EpisodeDetail>(`/api/episodes/${episodeId}/status`, body);
  }
}
