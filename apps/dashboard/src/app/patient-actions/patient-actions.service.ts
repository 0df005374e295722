import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  AssessmentRecord,
  ContactRecord,
  CreateAssessmentRequest,
  CreateContactRequest,
  ManualFlagCode,
  ManualFlagView,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Writes shared by the caseload quick actions and the patient page. */
@Injectable({ providedIn: 'root' })
export class PatientActionsService {
  private readonly http = inject(API_HTTP);

  addAssessment(patientId: string, draft: CreateAssessmentRequest): Observable<AssessmentRecord> {
    return this.http.post<AssessmentRecord>(`/api/patients/${patientId}/assessments`, draft);
  }

  logContact(patientId: string, draft: CreateContactRequest): Observable<ContactRecord> {
    return this.http.post<ContactRecord>(`/api/patients/${patientId}/contacts`, draft);
  }

  raiseFlag(patientId: string, code: ManualFlagCode, note: string): Observable<ManualFlagView> {
    const body = note.trim() ? { code, note: note.trim() } : { code };
    return this.http.post<ManualFlagView>(`/api/patients/${patientId}/flags`, body);
  }
}
