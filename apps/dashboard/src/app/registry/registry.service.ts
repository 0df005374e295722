import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  CareTeamOptions,
  CaseloadHolder,
  CaseloadPage,
  CaseloadTransferRequest,
  CaseloadTransferResult,
  CreatedEpisode,
  CareTeamChangeRequest,
  CreatePatientRequest,
  DischargeReason,
  EpisodeDetail,
  PatientDetail,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Registry writes of the dashboard: patients, episodes, care teams, caseload transfers. */
@Injectable({ providedIn: 'root' })
export class RegistryService {
  private readonly http = inject(API_HTTP);

  careTeamOptions(): Observable<CareTeamOptions> {
    return this.http.get<CareTeamOptions>('/api/staff/care-team-options');
  }

  registerPatient(body: CreatePatientRequest): Observable<PatientDetail> {
    return this.http.post<PatientDetail>('/api/patients', body);
  }

  openEpisode(
    patientId: string,
    body: CareTeamChangeRequest & { referredOn?: string; allowShortGap?: boolean },
  ): Observable<CreatedEpisode> {
    return this.http.post<CreatedEpisode>(`/api/patients/${patientId}/episodes`, body);
  }

  changeCareTeam(episodeId: string, version: number, change: CareTeamChangeRequest): Observable<EpisodeDetail> {
    return this.http.patch<EpisodeDetail>(`/api/episodes/${episodeId}/care-team`, { version, ...change });
  }

  replaceDiagnoses(episodeId: string, version: number, diagnoses: string[]): Observable<EpisodeDetail> {
    return this.http.put<EpisodeDetail>(`/api/episodes/${episodeId}/diagnoses`, { version, diagnoses });
  }

  changeStatus(
    episodeId: string,
    body: { version: number; status: string; on?: string; consentOn?: string; dischargeReason?: DischargeReason },
  ): Observable<EpisodeDetail> {
    return this.http.patch<EpisodeDetail>(`/api/episodes/${episodeId}/status`, body);
  }

  /** Up to 100 open episodes of a caseload (the transfer picker), by name. */
  caseload(careManagerId: string, page = 1): Observable<CaseloadPage> {
    return this.http.get<CaseloadPage>('/api/caseload', {
      params: { careManagerId, page, pageSize: 100, sort: 'name', order: 'asc' },
    });
  }

  caseloadHolders(): Observable<CaseloadHolder[]> {
    return this.http.get<CaseloadHolder[]>('/api/caseloads/holders');
  }

  transfer(body: CaseloadTransferRequest): Observable<CaseloadTransferResult> {
    return this.http.post<CaseloadTransferResult>('/api/caseloads/transfer', body);
  }
}

/** ICD-10 codes from free text ("F32.1, f41.1") — upper case, de-duplicated. */
export function parseDiagnoses(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c.length > 0),
    ),
  ];
}
