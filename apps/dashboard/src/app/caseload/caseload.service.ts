import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { CaseloadPage, StaffMember } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { caseloadApiParams, type CaseloadQuery } from './caseload-query';

@Injectable({ providedIn: 'root' })
export class CaseloadService {
  private readonly http = inject(API_HTTP);

  /** One page of a caseload, filtered and sorted by the API. */
  page(query: CaseloadQuery): Observable<CaseloadPage> {
    return this.http.get<CaseloadPage>('/api/caseload', { params: caseloadApiParams(query) });
  }

  /** Active care managers of the clinic (consultants pick whose caseload to open). */
  careManagers(): Observable<StaffMember[]> {
    return this.http.get<StaffMember[]>('/api/staff', { params: { role: 'care_manager', active: 'true' } });
  }
}
