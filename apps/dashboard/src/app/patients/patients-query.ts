import { firstParam, pageSizeParam, positiveIntParam, type QueryParamsLike } from '../shared/url-params';

/** Search and page of the patient list, as kept in the URL. */
export interface PatientsQuery {
  search: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export const DEFAULT_PATIENTS_QUERY: Readonly<PatientsQuery> = Object.freeze({ search: '', page: 1, pageSize: 25 });

/** Reads `q`, `page` and `size`; invalid values fall back to the defaults so a stale link never breaks. */
export function patientsQueryFromParams(params: QueryParamsLike): PatientsQuery {
  return {
    search: (firstParam(params, 'q') ?? '').slice(0, 100),
    page: positiveIntParam(firstParam(params, 'page')) ?? DEFAULT_PATIENTS_QUERY.page,
    pageSize: pageSizeParam(params) ?? DEFAULT_PATIENTS_QUERY.pageSize,
  };
}

/** URL query parameters: only values that differ from the defaults. */
export function patientsQueryToParams(query: PatientsQuery): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.search.trim()) params['q'] = query.search.trim();
  if (query.page !== DEFAULT_PATIENTS_QUERY.page) params['page'] = String(query.page);
  if (query.pageSize !== DEFAULT_PATIENTS_QUERY.pageSize) params['size'] = String(query.pageSize);
  return params;
}

/** Query parameters of `GET /api/patients`. */
export function patientsApiParams(query: PatientsQuery): Record<string, string> {
  const params: Record<string, string> = { page: String(query.page), pageSize: String(query.pageSize) };
  if (query.search.trim()) params['search'] = query.search.trim();
  return params;
}

/** The next state: a new search (or page size) goes back to page 1. */
export function updatePatientsQuery(current: PatientsQuery, change: Partial<PatientsQuery>): PatientsQuery {
  const next = { ...current, ...change };
  if ('search' in change && change.search?.trim() !== current.search.trim()) next.page = 1;
  if ('pageSize' in change && change.pageSize !== current.pageSize) next.page = 1;
  return next;
}
