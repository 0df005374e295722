import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { BillingSummary, OutcomeTrends, ProgramMetrics, QualityMeasures } from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Leadership aggregates (no patient identifiers). */
@Injectable({ providedIn: 'root' })
export class OutcomesService {
  private readonly http = inject(HttpClient);

  trends(months: number): Observable<OutcomeTrends> {
    return this.http.get<OutcomeTrends>('/api/outcomes/trends', { params: { months } });
  }

  program(): Observable<ProgramMetrics> {
    return this.http.get<ProgramMetrics>('/api/outcomes/program');
  }

  quality(): Observable<QualityMeasures> {
    return this.http.get<QualityMeasures>('/api/outcomes/quality');
  }

  billing(month: string | null): Observable<BillingSummary> {
    return this.http.get<BillingSummary>('/api/outcomes/billing', { params: month ? { month } : {} });
  }
}
