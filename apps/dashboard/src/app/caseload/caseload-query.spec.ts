import {
  caseloadApiParams,
  caseloadQueryFromParams,
  caseloadQueryToParams,
  DEFAULT_CASELOAD_QUERY,
  sortFromMatSort,
  updateCaseloadQuery,
  type CaseloadQuery,
} from './caseload-query';

const CM = '5b0a3c0e-1d2f-4a6b-9c8d-7e6f5a4b3c2d';

describe('caseload URL state', () => {
  it('reads every filter, the sort and the page from the URL', () => {
    expect(
      caseloadQueryFromParams({
        cm: CM,
        q: 'smith',
        flag: 'SAFETY',
        severity: 'high',
        status: 'active',
        sort: 'phq9Latest',
        order: 'desc',
        page: '3',
        size: '50',
      }),
    ).toEqual<CaseloadQuery>({
      careManagerId: CM,
      search: 'smith',
      flag: 'SAFETY',
      severity: 'high',
      status: 'active',
      sort: 'phq9Latest',
      order: 'desc',
      page: 3,
      pageSize: 50,
    });
  });

  it('falls back to defaults for missing, unknown or malformed values', () => {
    expect(caseloadQueryFromParams({})).toEqual(DEFAULT_CASELOAD_QUERY);
    expect(
      caseloadQueryFromParams({
        cm: 'not-a-uuid',
        flag: 'MADE_UP',
        severity: 'extreme',
        status: 'discharged',
        sort: 'dropTable',
        order: 'sideways',
        page: '-2',
        size: '7',
      }),
    ).toEqual(DEFAULT_CASELOAD_QUERY);
    expect(caseloadQueryFromParams({ page: '0' }).page).toBe(1);
    expect(caseloadQueryFromParams({ page: '2.5' }).page).toBe(1);
  });

  it('takes the first of repeated parameters and caps the search length', () => {
    const q = caseloadQueryFromParams({ flag: ['WORSENING', 'SAFETY'], q: 'x'.repeat(300) });
    expect(q.flag).toBe('WORSENING');
    expect(q.search).toHaveLength(100);
  });

  it('writes only non-default values, and round-trips', () => {
    expect(caseloadQueryToParams(DEFAULT_CASELOAD_QUERY)).toEqual({});
    const state: CaseloadQuery = {
      ...DEFAULT_CASELOAD_QUERY,
      search: ' lee ',
      flag: 'NOT_IMPROVING',
      sort: 'name',
      order: 'asc',
      page: 2,
      pageSize: 100,
    };
    const params = caseloadQueryToParams(state);
    expect(params).toEqual({ q: 'lee', flag: 'NOT_IMPROVING', sort: 'name', order: 'asc', page: '2', size: '100' });
    expect(caseloadQueryFromParams(params)).toEqual({ ...state, search: 'lee' });
  });

  it('builds the API query', () => {
    expect(
      caseloadApiParams({ ...DEFAULT_CASELOAD_QUERY, careManagerId: CM, status: 'enrolled', search: ' ' }),
    ).toEqual({
      careManagerId: CM,
      status: 'enrolled',
      sort: 'priority',
      order: 'asc',
      page: '1',
      pageSize: '25',
    });
  });

  it('returns to page 1 when a filter or the sort changes, not when paging', () => {
    const onPage3 = { ...DEFAULT_CASELOAD_QUERY, page: 3 };
    expect(updateCaseloadQuery(onPage3, { flag: 'SAFETY' }).page).toBe(1);
    expect(updateCaseloadQuery(onPage3, { sort: 'name', order: 'desc' }).page).toBe(1);
    expect(updateCaseloadQuery(onPage3, { page: 4 }).page).toBe(4);
    expect(updateCaseloadQuery(onPage3, { pageSize: 50, page: 3 }).page).toBe(1);
  });

  it('maps mat-sort to the API sort, clearing to priority', () => {
    expect(sortFromMatSort('lastContactAt', 'desc')).toEqual({ sort: 'lastContactAt', order: 'desc' });
    expect(sortFromMatSort('lastContactAt', '')).toEqual({ sort: 'priority', order: 'asc' });
    expect(sortFromMatSort('bogus', 'asc')).toEqual({ sort: 'priority', order: 'asc' });
  });
});
