/**
 * Body of every error answer of the API. `message` is a list of field messages for request
 * validation (class-validator), otherwise one sentence. `code` and `field` are set for domain errors.
 */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Stable machine code of a domain error (e.g. `VERSION_CONFLICT`, `ILLEGAL_TRANSITION`). */
  code?: string;
  /** Request field the error is about (e.g. `mrn`, `answers.phq9_3`, `careManagerId`). */
  field?: string;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** Rows matching the query across all pages. */
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
}
