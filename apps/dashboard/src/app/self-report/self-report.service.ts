import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type {
  KioskCode,
  SelfReportContact,
  SelfReportEpisodeState,
  SelfReportForm,
  SelfReportInstrumentId,
  SelfReportLanguage,
  SelfReportLinkSent,
  SelfReportStatusRow,
  SelfReportSubmitted,
  SendSelfReportLinkRequest,
  SubmitSelfReportRequest,
} from '@huddle/shared-types';
import type { Observable } from 'rxjs';
import { PatientPageStore } from '../patient/patient-page.store';

/** Self-report calls of the dashboard (issue #16). The token always travels in request bodies. */
@Injectable({ providedIn: 'root' })
export class SelfReportApi {
  private readonly page = inject(PatientPageStore);
  private readonly http = inject(API_HTTP);

  open(token: string): Observable<SelfReportForm> {
    return this.http.post<SelfReportForm>('/api/self-report/open', { token });
  }

  submit(body: SubmitSelfReportRequest): Observable<SelfReportSubmitted> {
    return this.http.post<SelfReportSubmitted>('/api/self-report/submit', body);
  }

  redeem(code: string): Observable<{ token: string }> {
    return this.http.post<{ token: string }>('/api/kiosk/redeem', { code });
  }

  sendLink(patientId: string, body: SendSelfReportLinkRequest): Observable<SelfReportLinkSent> {
    return this.http.post<SelfReportLinkSent>(`/api/patients/${patientId}/self-report-links`, body);
  }

  kioskCode(
    patientId: string,
    instruments: SelfReportInstrumentId[],
    language: SelfReportLanguage,
  ): Observable<KioskCode> {
    return this.http.post<KioskCode>(`/api/patients/${patientId}/kiosk-codes`, { instruments, language });
  }

  contact(patientId: string): Observable<SelfReportContact> {
    return (
      this.page.take(patientId, 'selfReportContact') ??
      this.http.get<SelfReportContact>(`/api/patients/${patientId}/self-report-contact`)
    );
  }

  /** Self-report state of the caseload page's episodes (the badges), in one request. */
  states(episodeIds: readonly string[]): Observable<SelfReportEpisodeState[]> {
    return this.http.get<SelfReportEpisodeState[]>('/api/self-report/states', {
      params: { episodeIds: episodeIds.join(',') },
    });
  }

  /** The caseload's measurement status; `missing`: the due-and-missing worklist only. */
  status(missing: boolean): Observable<SelfReportStatusRow[]> {
    return this.http.get<SelfReportStatusRow[]>('/api/self-report/status', { params: { missing } });
  }
}

/**
 * Key under which a form's answers are kept in sessionStorage: a SHA-256 of the token (never the
 * token itself). Falls back to a 53-bit string hash where Web Crypto is unavailable (plain http).
 */
export async function answersStorageKey(token: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest('SHA-256', new TextEncoder().encode(token));
    return `hd-self-report:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return `hd-self-report:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16)}`;
}
