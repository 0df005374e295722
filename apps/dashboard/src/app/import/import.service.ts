import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CsvImportResult, FhirBundleLike, ImportJob } from './import.models';

/** Import calls of the dashboard (issue #15): CSV files, FHIR Bundles and the caller's import jobs. */
@Injectable({ providedIn: 'root' })
export class ImportApi {
  private readonly http = inject(API_HTTP);

  /** `POST /api/imports/csv` with the file as `text/csv` and the column mapping in the query. */
  csv(file: Blob, params: Record<string, string>): Observable<CsvImportResult> {
    return this.http.post<CsvImportResult>('/api/imports/csv', file, {
      params,
      headers: { 'Content-Type': 'text/csv' },
    });
  }

  /** The caller's recent import jobs, newest first (polled for progress while an upload runs). */
  jobs(status?: ImportJob['status']): Observable<ImportJob[]> {
    return this.http.get<ImportJob[]>('/api/imports', { params: status ? { status } : {} });
  }

  /** `POST /fhir/R4`: a batch or transaction Bundle; answers its response Bundle (or an OperationOutcome). */
  fhirBundle(bundle: unknown): Observable<FhirBundleLike> {
    return this.http.post<FhirBundleLike>('/fhir/R4', bundle, {
      headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    });
  }
}
