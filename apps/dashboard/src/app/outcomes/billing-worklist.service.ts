import { HttpClient, type HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { BillingWorklist } from '@huddle/shared-types';
import { map, type Observable } from 'rxjs';

/** The clinic's monthly CoCM billing worklist (leadership), on screen and as the server's CSV. */
@Injectable({ providedIn: 'root' })
export class BillingWorklistService {
  private readonly http = inject(HttpClient);

  worklist(month: string): Observable<BillingWorklist> {
    return this.http.get<BillingWorklist>('/api/billing/worklist', { params: { month } });
  }

  /** The CSV the API builds, with the file name from its `Content-Disposition`. */
  csv(month: string): Observable<{ blob: Blob; fileName: string }> {
    return this.http
      .get('/api/billing/worklist.csv', { params: { month }, responseType: 'blob', observe: 'response' })
      .pipe(map((res: HttpResponse<Blob>) => ({ blob: res.body ?? new Blob([]), fileName: fileNameOf(res, month) })));
  }
}

function fileNameOf(res: HttpResponse<Blob>, month: string): string {
  const header = res.headers.get('Content-Disposition') ?? '';
  return /filename="([^"]+)"/.exec(header)?.[1] ?? `cocm-billing-${month}.csv`;
}
