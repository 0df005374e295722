import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  BillingSummary,
  Cms159Summary,
  OutcomeTrends,
  ProgramMetrics,
  QualityMeasures,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Leadership aggregates (no patient identifiers). */
@Injectable({ providedIn: 'root' })
export class OutcomesService {
  private readonly http = inject(API_HTTP);

  /** Monthly rates ending with the last complete month, or with the current partial one. */
  trends(months: number, includePartialMonth = false): Observable<OutcomeTrends> {
    return this.http.get<OutcomeTrends>('/api/outcomes/trends', {
      params: { months, includePartialMonth: String(includePartialMonth) },
    });
  }

  program(asOf?: string): Observable<ProgramMetrics> {
    return this.http.get<ProgramMetrics>('/api/outcomes/program', { params: asOf ? { asOf } : {} });
  }

  quality(asOf?: string): Observable<QualityMeasures> {
    return this.http.get<QualityMeasures>('/api/outcomes/quality', { params: asOf ? { asOf } : {} });
  }

  /** Huddle's CMS159 per the eCQM's definitions, clinic-wide, for a calendar-year measurement period. */
  cms159(year: number): Observable<Cms159Summary> {
    return this.http.get<Cms159Summary>('/api/outcomes/cms159', { params: { year } });
  }

  billing(month: string | null): Observable<BillingSummary> {
    return this.http.get<BillingSummary>('/api/outcomes/billing', { params: month ? { month } : {} });
  }
}
