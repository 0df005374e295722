import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { ClinicOverview } from '@huddle/shared-types';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class OverviewService {
  private readonly http = inject(API_HTTP);

  clinics(): Observable<ClinicOverview[]> {
    return this.http.get<ClinicOverview[]>('/api/overview');
  }
}
