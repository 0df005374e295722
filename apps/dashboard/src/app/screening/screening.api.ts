import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateReferralRequest,
  CreateScreeningRequest,
  FollowUpPlanKindValue,
  HandoffClinician,
  OrganisationSummary,
  Page,
  PatientSummary,
  ScreeningLeadershipSummary,
  ScreeningVisitRecord,
  UtilizationByCohort,
  UtilizationEventRecord,
  UtilizationKindValue,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Screening, referrals, utilization and the health-system view (issue #17 part 1). */
@Injectable({ providedIn: 'root' })
export class ScreeningApi {
  private readonly http = inject(API_HTTP);

  searchPatients(search: string): Observable<Page<PatientSummary>> {
    return this.http.get<Page<PatientSummary>>('/api/patients', { params: { search, page: '1', pageSize: '8' } });
  }

  record(patientId: string, body: CreateScreeningRequest): Observable<ScreeningVisitRecord> {
    return this.http.post<ScreeningVisitRecord>(`/api/patients/${patientId}/screenings`, body);
  }

  list(patientId: string): Observable<ScreeningVisitRecord[]> {
    return this.http.get<ScreeningVisitRecord[]>(`/api/patients/${patientId}/screenings`);
  }

  followUpPlan(
    visitId: string,
    body: { version: number; kinds: FollowUpPlanKindValue[]; on: string; note?: string | null },
  ): Observable<ScreeningVisitRecord> {
    return this.http.post<ScreeningVisitRecord>(`/api/screenings/${visitId}/follow-up-plan`, body);
  }

  refer(visitId: string, body: CreateReferralRequest): Observable<ScreeningVisitRecord> {
    return this.http.post<ScreeningVisitRecord>(`/api/screenings/${visitId}/referral`, body);
  }

  /** Who may take a warm handoff (care managers and consultants of the clinic; a PCP may read it). */
  handoffClinicians(): Observable<HandoffClinician[]> {
    return this.http.get<HandoffClinician[]>('/api/screening/handoff-clinicians');
  }

  summary(year: string): Observable<ScreeningLeadershipSummary> {
    return this.http.get<ScreeningLeadershipSummary>('/api/screening/summary', { params: { year } });
  }

  byCohort(year: string): Observable<UtilizationByCohort> {
    return this.http.get<UtilizationByCohort>('/api/utilization/by-cohort', { params: { year } });
  }

  organisation(year: string): Observable<OrganisationSummary> {
    return this.http.get<OrganisationSummary>('/api/organisation/summary', { params: { year } });
  }

  utilization(patientId: string): Observable<UtilizationEventRecord[]> {
    return this.http.get<UtilizationEventRecord[]>(`/api/patients/${patientId}/utilization`);
  }

  addUtilization(
    patientId: string,
    body: { kind: UtilizationKindValue; startsOn: string; endsOn: string | null },
  ): Observable<UtilizationEventRecord> {
    return this.http.post<UtilizationEventRecord>(`/api/patients/${patientId}/utilization`, body);
  }
}

/** A rate as "67% (2 of 3)", or "—" without a denominator. */
export function formatRate(r: { numerator: number; denominator: number; rate: number | null } | null): string {
  if (!r || r.rate === null) return '—';
  return `${Math.round(r.rate * 100)}% (${r.numerator} of ${r.denominator})`;
}

/** A share as "67%", or "—" when there is none. */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

/** A rate per 100 patients with one decimal ("12.5"), or "—" when there is none. */
export function formatPer100(value: number | null): string {
  return value === null ? '—' : value.toFixed(1);
}
