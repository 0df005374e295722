import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  CorrectAssessmentRequest,
  CreateSafetyFollowUpRequest,
  ManualFlagView,
  PatientFlagHistory,
  RecordRevisionView,
  SafetyFollowUpView,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Contact fields a correction may change (with the version edited and the reason). */
export interface ContactCorrection {
  version: number;
  reason: string;
  minutes?: number;
  note?: string | null;
}

/** Flag lifecycle and corrections (issue #11): follow-ups, history, resolve, correct, entered in error. */
@Injectable({ providedIn: 'root' })
export class FlagLifecycleService {
  private readonly http = inject(API_HTTP);

  documentSafetyFollowUp(patientId: string, body: CreateSafetyFollowUpRequest): Observable<SafetyFollowUpView> {
    return this.http.post<SafetyFollowUpView>(`/api/patients/${patientId}/safety-follow-ups`, body);
  }

  history(patientId: string): Observable<PatientFlagHistory> {
    return this.http.get<PatientFlagHistory>(`/api/patients/${patientId}/flag-history`);
  }

  revisions(patientId: string): Observable<RecordRevisionView[]> {
    return this.http.get<RecordRevisionView[]>(`/api/patients/${patientId}/revisions`);
  }

  resolveFlag(flagId: string, version: number, note: string): Observable<ManualFlagView> {
    return this.http.post<ManualFlagView>(`/api/flags/${flagId}/resolve`, { version, note });
  }

  correctAssessment(id: string, body: CorrectAssessmentRequest): Observable<RecordRevisionView> {
    return this.http.put<RecordRevisionView>(`/api/assessments/${id}`, body);
  }

  correctContact(id: string, body: ContactCorrection): Observable<RecordRevisionView> {
    return this.http.put<RecordRevisionView>(`/api/contacts/${id}`, body);
  }

  enteredInError(kind: 'assessment' | 'contact', id: string, reason: string): Observable<RecordRevisionView> {
    const path = kind === 'assessment' ? 'assessments' : 'contacts';
    return this.http.post<RecordRevisionView>(`/api/${path}/${id}/entered-in-error`, { reason });
  }
}
