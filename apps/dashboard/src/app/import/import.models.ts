/** What `POST /api/imports/csv` answers (apps/api csv-import.dto.ts). */
export interface CsvRowError {
  /** Line in the file (the header is line 1). */
  row: number;
  column: string;
  message: string;
}

export interface CsvImportResult {
  jobId: string | null;
  dryRun: boolean;
  rowsTotal: number;
  rowsValid: number;
  rowsFailed: number;
  patientsCreated: number;
  assessmentsCreated: number;
  assessmentsUnchanged: number;
  errors: CsvRowError[];
  errorsTruncated: boolean;
}

/** An import job (`GET /api/imports`). */
export interface ImportJob {
  id: string;
  kind: 'fhir' | 'csv';
  status: 'running' | 'done' | 'failed';
  rowsTotal: number;
  rowsLoaded: number;
  rowsUnchanged: number;
  rowsFailed: number;
  patientsCreated: number;
  startedAt: string;
  finishedAt: string | null;
}

/** The parts of a FHIR OperationOutcome the page shows. */
export interface OperationOutcomeLike {
  resourceType: 'OperationOutcome';
  issue?: Array<{ severity?: string; code?: string; diagnostics?: string; expression?: string[] }>;
}

/** A response Bundle (`transaction-response` / `batch-response`) or the OperationOutcome of a refusal. */
export interface FhirBundleLike {
  resourceType: string;
  type?: string;
  entry?: Array<{ response?: { status?: string; location?: string; outcome?: OperationOutcomeLike } }>;
  issue?: OperationOutcomeLike['issue'];
}

/** One row of the FHIR result table: the entry sent and what the server answered for it. */
export interface FhirEntryResult {
  index: number;
  resource: string;
  status: string;
  ok: boolean;
  location: string | null;
  problems: string[];
}
