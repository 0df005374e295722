import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { BillingWorklist } from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** The clinic's monthly CoCM billing worklist (leadership), on screen (its CSV and Excel: ExportButtonsComponent). */
@Injectable({ providedIn: 'root' })
export class BillingWorklistService {
  private readonly http = inject(API_HTTP);

  worklist(month: string): Observable<BillingWorklist> {
    return this.http.get<BillingWorklist>('/api/billing/worklist', { params: { month } });
  }
}
