import {
  CaseloadSort,
  EpisodeStatus,
  FlagCode,
  FlagSeverity,
  ManualFlagCode,
  type SortOrder,
} from '@huddle/shared-types';
import { firstParam, pageSizeParam, positiveIntParam, type QueryParamsLike } from '../shared/url-params';

/** Filters, sort and page of the caseload view, as kept in the URL. */
export interface CaseloadQuery {
  /** Care manager whose caseload is shown; `null` = the caller's own. */
  careManagerId: string | null;
  search: string;
  flag: FlagCode | ManualFlagCode | null;
  severity: FlagSeverity | null;
  status: EpisodeStatus | null;
  sort: CaseloadSort;
  order: SortOrder;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export const DEFAULT_CASELOAD_QUERY: Readonly<CaseloadQuery> = Object.freeze({
  careManagerId: null,
  search: '',
  flag: null,
  severity: null,
  status: null,
  sort: CaseloadSort.PRIORITY,
  order: 'asc',
  page: 1,
  pageSize: 25,
});

const FLAG_CODES: readonly string[] = [...Object.values(FlagCode), ...Object.values(ManualFlagCode)];
const SEVERITIES: readonly string[] = Object.values(FlagSeverity);
const OPEN_STATUSES: readonly string[] = Object.values(EpisodeStatus).filter((s) => s !== 'discharged');
const SORTS: readonly string[] = Object.values(CaseloadSort);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(value: string | null, allowed: readonly string[]): T | null {
  return value !== null && allowed.includes(value) ? (value as T) : null;
}

/**
 * Reads the caseload state from URL query parameters (`q`, `flag`, `severity`, `status`, `sort`,
 * `order`, `page`, `size`, `cm`). Unknown or invalid values fall back to the defaults, so a
 * hand-edited or stale link never breaks the page.
 */
export function caseloadQueryFromParams(params: QueryParamsLike): CaseloadQuery {
  const d = DEFAULT_CASELOAD_QUERY;
  const cm = firstParam(params, 'cm');
  return {
    careManagerId: cm !== null && UUID.test(cm) ? cm : null,
    search: (firstParam(params, 'q') ?? '').slice(0, 100),
    flag: oneOf(firstParam(params, 'flag'), FLAG_CODES),
    severity: oneOf(firstParam(params, 'severity'), SEVERITIES),
    status: oneOf(firstParam(params, 'status'), OPEN_STATUSES),
    sort: oneOf<CaseloadSort>(firstParam(params, 'sort'), SORTS) ?? d.sort,
    order: oneOf<SortOrder>(firstParam(params, 'order'), ['asc', 'desc']) ?? d.order,
    page: positiveIntParam(firstParam(params, 'page')) ?? d.page,
    pageSize: pageSizeParam(params) ?? d.pageSize,
  };
}

/** URL query parameters for a state: only values that differ from the defaults (short, shareable links). */
export function caseloadQueryToParams(query: CaseloadQuery): Record<string, string> {
  const d = DEFAULT_CASELOAD_QUERY;
  const params: Record<string, string> = {};
  if (query.careManagerId) params['cm'] = query.careManagerId;
  if (query.search.trim()) params['q'] = query.search.trim();
  if (query.flag) params['flag'] = query.flag;
  if (query.severity) params['severity'] = query.severity;
  if (query.status) params['status'] = query.status;
  if (query.sort !== d.sort || query.order !== d.order) {
    params['sort'] = query.sort;
    params['order'] = query.order;
  }
  if (query.page !== d.page) params['page'] = String(query.page);
  if (query.pageSize !== d.pageSize) params['size'] = String(query.pageSize);
  return params;
}

/** Query parameters of `GET /api/caseload` for a state. */
export function caseloadApiParams(query: CaseloadQuery): Record<string, string> {
  const params: Record<string, string> = {
    sort: query.sort,
    order: query.order,
    page: String(query.page),
    pageSize: String(query.pageSize),
  };
  if (query.careManagerId) params['careManagerId'] = query.careManagerId;
  if (query.search.trim()) params['search'] = query.search.trim();
  if (query.flag) params['flag'] = query.flag;
  if (query.severity) params['severity'] = query.severity;
  if (query.status) params['status'] = query.status;
  return params;
}

/**
 * The next state after a change: any filter or sort change returns to page 1 so the user never
 * lands on an empty page past the end of a smaller result.
 */
export function updateCaseloadQuery(current: CaseloadQuery, change: Partial<CaseloadQuery>): CaseloadQuery {
  const next = { ...current, ...change };
  const onlyPaging = Object.keys(change).every((k) => k === 'page' || k === 'pageSize');
  if (!onlyPaging) next.page = 1;
  if ('pageSize' in change && change.pageSize !== current.pageSize) next.page = 1;
  return next;
}

/**
 * `mat-sort` state ↔ API sort. Clearing the sort (direction '') goes back to priority order.
 */
export function sortFromMatSort(active: string, direction: 'asc' | 'desc' | ''): Pick<CaseloadQuery, 'sort' | 'order'> {
  if (direction === '' || !SORTS.includes(active)) return { sort: DEFAULT_CASELOAD_QUERY.sort, order: 'asc' };
  return { sort: active as CaseloadSort, order: direction };
}
