import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { MedicationEventView } from '@huddle/shared-types';
import { catchError, of, type Observable } from 'rxjs';

/**
 * A patient's psychotropic medication events, for the score charts. The markers are supplementary:
 * when the list cannot be read (e.g. a server without `GET /api/patients/:id/medication-events`,
 * which answers 404), the charts are drawn without them and no error is shown.
 */
@Injectable({ providedIn: 'root' })
export class MedicationEventsService {
  private readonly http = inject(API_HTTP);

  events(patientId: string): Observable<MedicationEventView[]> {
    return this.http
      .get<MedicationEventView[]>(`/api/patients/${patientId}/medication-events`)
      .pipe(catchError(() => of([])));
  }
}
