import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { Page, PatientSummary, StaffMember } from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { patientsApiParams, type PatientsQuery } from './patients-query';

@Injectable({ providedIn: 'root' })
export class PatientsService {
  private readonly http = inject(API_HTTP);

  /** One page of the patients the caller may see (the API does the scoping). */
  page(query: PatientsQuery): Observable<Page<PatientSummary>> {
    return this.http.get<Page<PatientSummary>>('/api/patients', { params: patientsApiParams(query) });
  }

  /** The clinic's care managers (active or not), to name the one on each open episode. */
  careManagers(): Observable<StaffMember[]> {
    return this.http.get<StaffMember[]>('/api/staff', { params: { role: 'care_manager' } });
  }
}
