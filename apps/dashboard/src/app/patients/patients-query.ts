/** Search and page of the patient list, as kept in the URL. */
export interface PatientsQuery {
  search: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export const PATIENT_PAGE_SIZES = [25, 50, 100] as const;

export const DEFAULT_PATIENTS_QUERY: Readonly<PatientsQuery> = Object.freeze({ search: '', page: 1, pageSize: 25 });

/** Raw query parameters (from a `ParamMap` or `ActivatedRoute.snapshot.queryParams`). */
export type PatientsParamsLike = Readonly<Record<string, string | readonly string[] | null | undefined>>;

function first(params: PatientsParamsLike, key: string): string | null {
  const value = params[key];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : null;
}

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** Reads `q`, `page` and `size`; invalid values fall back to the defaults so a stale link never breaks. */
export function patientsQueryFromParams(params: PatientsParamsLike): PatientsQuery {
  const size = positiveInt(first(params, 'size'));
  return {
    search: (first(params, 'q') ?? '').slice(0, 100),
    page: positiveInt(first(params, 'page')) ?? DEFAULT_PATIENTS_QUERY.page,
    pageSize:
      size !== null && (PATIENT_PAGE_SIZES as readonly number[]).includes(size)
        ? size
        : DEFAULT_PATIENTS_QUERY.pageSize,
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
