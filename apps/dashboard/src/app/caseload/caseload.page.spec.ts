import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CaseloadPage as CaseloadPageData, SelfReportEpisodeState } from '@huddle/shared-types';
import { caseloadRow } from '../../testing/caseload-rows';
import { CaseloadPage } from './caseload.page';
import { present } from '../../testing/dom';
import { provideApiTesting } from '../../testing/api-transport';

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
        ...provideApiTesting(),
        provideNoopAnimations(),
        provideRouter([{ path: 'caseload', component: CaseloadPage }]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    const http = TestBed.inject(HttpTestingController);
    return { harness, http, el: harness.routeNativeElement as HTMLElement };
  }

  /** Answers the caseload request, then the badge request it leads to (one per page of rows). */
  async function answer(
    harness: RouterTestingHarness,
    http: HttpTestingController,
    body: CaseloadPageData,
    states: SelfReportEpisodeState[] = [],
    request: TestRequest = http.expectOne((r) => r.url === '/api/caseload'),
  ): Promise<TestRequest | undefined> {
    request.flush(body);
    let badges: TestRequest | undefined;
    for (let i = 0; i < 10 && !badges; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      badges = http.match((r) => r.url === '/api/self-report/states')[0];
    }
    badges?.flush(states);
    await harness.fixture.whenStable();
    return badges;
  }

  it('asks the API for the state in the URL and renders the rows with their flags', async () => {
    const { harness, http, el } = await setup('/caseload?flag=NOT_IMPROVING&sort=name&order=desc&page=2');
    const req = http.expectOne((r) => r.url === '/api/caseload', 'the caseload');
    expect(req.request.params.toString()).toBe('sort=name&order=desc&page=2&pageSize=25&flag=NOT_IMPROVING');
    await answer(harness, http, page({ page: 2, total: 27 }), [], req);

    expect(el.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(el.textContent).toContain('Not improving');
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Showing 26–27 of 27 patients');
  });

  it('writes a new sort to the URL and goes back to page 1', async () => {
    const { harness, http } = await setup('/caseload?page=3');
    await answer(harness, http, page());
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

  it("asks for the page's self-report states in one request and shows them as badges", async () => {
    const { harness, http, el } = await setup('/caseload');
    const rows = page();
    const [first, second] = rows.items;
    const badges = await answer(harness, http, rows, [
      {
        episodeId: present(first).episodeId,
        patientId: present(first).patientId,
        state: 'overdue',
        dueOn: '2026-11-01',
      },
      {
        episodeId: present(second).episodeId,
        patientId: present(second).patientId,
        state: 'sent',
        dueOn: '2026-11-25',
      },
    ]);
    expect(badges?.request.params.get('episodeIds')).toBe(rows.items.map((r) => r.episodeId).join(','));
    const cells = Array.from(el.querySelectorAll('tbody tr'), (tr) => tr.querySelector('.badge')?.textContent?.trim());
    expect(cells).toEqual(['Self-report overdue', 'Self-report sent']);
  });

  it('keeps the rows without badges when the badge request fails', async () => {
    const { harness, http, el } = await setup('/caseload');
    http.expectOne((r) => r.url === '/api/caseload').flush(page());
    let badges: TestRequest | undefined;
    for (let i = 0; i < 10 && !badges; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      badges = http.match((r) => r.url === '/api/self-report/states')[0];
    }
    present(badges, 'the badge request').flush({ message: 'no' }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    expect(el.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(el.querySelector('.badge')).toBeNull();
  });

  it('says so when the caseload cannot be loaded, with a retry', async () => {
    const { harness, http, el } = await setup('/caseload');
    http.expectOne((r) => r.url === '/api/caseload').flush({ message: 'boom' }, { status: 500, statusText: 'Error' });
    await harness.fixture.whenStable();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('boom');
    expect(el.querySelector('[role="alert"] button')?.textContent).toContain('Try again');
  });
});
