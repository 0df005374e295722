import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { ConsultantReviewView, PatientReviewSummary, ReviewAgenda } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import type { RecommendationInput } from './review-state';

export interface CreateReviewRequest {
  weekOf: string;
  summary?: string;
  recommendations: RecommendationInput[];
}

@Injectable({ providedIn: 'root' })
export class ReviewService {
  private readonly http = inject(API_HTTP);

  /**
   * The first `limit` lines of the weekly agenda in priority order (default: this week, the calling
   * consultant), with the line counts of the whole agenda.
   */
  agenda(weekOf: string | null, limit: number): Observable<ReviewAgenda> {
    return this.http.get<ReviewAgenda>('/api/review/agenda', { params: { ...(weekOf ? { weekOf } : {}), limit } });
  }

  summary(patientId: string): Observable<PatientReviewSummary> {
    return this.http.get<PatientReviewSummary>(`/api/review/patients/${patientId}/summary`);
  }

  /** Records the review (marks the patient reviewed for the week) with its recommendations. */
  markReviewed(episodeId: string, body: CreateReviewRequest): Observable<ConsultantReviewView> {
    return this.http.post<ConsultantReviewView>(`/api/review/episodes/${episodeId}/reviews`, body);
  }
}
