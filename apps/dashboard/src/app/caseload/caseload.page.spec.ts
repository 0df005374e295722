import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CaseloadPage as CaseloadPageData } from '@huddle/shared-types';
import { caseloadRow } from '../../testing/caseload-rows';
import { CaseloadPage } from './caseload.page';
import { present } from '../../testing/dom';

const page = (over: Partial<CaseloadPageData> = {}): CaseloadPageData => ({
  careManagerId: 'cm1',
  asOf: '2026-11-22',
  month: '2026-11',
  timeZone: 'America/New_York',
  items: [
    caseloadRow(
      { flags: [{ code: 'NOT_IMPROVING', severity: 'high', reason: 'Week 12: PHQ-9 18 → 15', source: 'computed' }] },
      1,
    ),
    caseloadRow({}, 2),
  ],
  total: 2,
  page: 1,
  pageSize: 25,
  sort: 'priority',
  order: 'asc',
  capacity: { careManagerId: 'cm1', activePatients: 2, fte: 1, capacity: 75, overCapacity: false, flag: null },
  ...over,
});

describe('CaseloadPage', () => {
  async function setup(url: string) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter([{ path: 'caseload', component: CaseloadPage }]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    const http = TestBed.inject(HttpTestingController);
    return { harness, http, el: harness.routeNativeElement as HTMLElement };
  }

  it('asks the API for the state in the URL and renders the rows with their flags', async () => {
    const { harness, http, el } = await setup('/caseload?flag=NOT_IMPROVING&sort=name&order=desc&page=2');
    const req = http.expectOne((r) => r.url === '/api/caseload');
    expect(req.request.params.toString()).toBe('sort=name&order=desc&page=2&pageSize=25&flag=NOT_IMPROVING');
    req.flush(page({ page: 2, total: 27 }));
    await harness.fixture.whenStable();

    expect(el.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(el.textContent).toContain('Not improving');
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Showing 26–27 of 27 patients');
  });

  it('writes a new sort to the URL and goes back to page 1', async () => {
    const { harness, http } = await setup('/caseload?page=3');
    http.expectOne((r) => r.url === '/api/caseload').flush(page());
    await harness.fixture.whenStable();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const header = Array.from(
      present(harness.routeNativeElement).querySelectorAll<HTMLElement>('th [role="button"], th button'),
    ).find((b) => b.textContent?.includes('Weeks'));
    present(header, 'the Weeks header').click();
    expect(navigate).toHaveBeenCalledWith(
      [],
      expect.objectContaining({ queryParams: { sort: 'weeksInTreatment', order: 'asc' } }),
    );
  });

  it('says so when the caseload cannot be loaded, with a retry', async () => {
    const { harness, http, el } = await setup('/caseload');
    http.expectOne((r) => r.url === '/api/caseload').flush({ message: 'boom' }, { status: 500, statusText: 'Error' });
    await harness.fixture.whenStable();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('boom');
    expect(el.querySelector('[role="alert"] button')?.textContent).toContain('Try again');
  });
});
