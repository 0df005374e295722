import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Page, PatientSummary } from '@huddle/shared-types';
import { query } from '../../testing/dom';
import { PatientsPage } from './patients.page';
import { provideApiTesting } from '../../testing/api-transport';

const patient = (over: Partial<PatientSummary> = {}): PatientSummary => ({
  id: '11111111-1111-4111-8111-111111111111',
  mrn: 'RIV100001',
  givenName: 'Ada',
  familyName: 'Nguyen',
  birthDate: '1980-03-12',
  preferredLanguage: 'en',
  openEpisode: { id: 'e1', status: 'active', careManagerId: 'cm1' },
  ...over,
});

const page = (items: PatientSummary[], over: Partial<Page<PatientSummary>> = {}): Page<PatientSummary> => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 25,
  ...over,
});

describe('PatientsPage', () => {
  async function setup(url: string) {
    TestBed.configureTestingModule({
      providers: [
        ...provideApiTesting(),
        provideNoopAnimations(),
        provideRouter([{ path: 'patients', component: PatientsPage }]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    const http = TestBed.inject(HttpTestingController);
    http
      .expectOne((r) => r.url === '/api/staff')
      .flush([
        {
          id: 'cm1',
          email: 'cm1@x.test',
          displayName: 'Sam Rivera',
          role: 'care_manager',
          fte: 1,
          active: true,
          version: 1,
        },
      ]);
    return { harness, http, el: harness.routeNativeElement as HTMLElement };
  }

  afterEach(() => jest.useRealTimers());

  it('asks the API for the search and page in the URL and renders one linked row per patient', async () => {
    const { harness, http, el } = await setup('/patients?q=ngu&page=2');
    const req = http.expectOne((r) => r.url === '/api/patients');
    expect(req.request.params.toString()).toBe('page=2&pageSize=25&search=ngu');
    req.flush(
      page([patient(), patient({ id: '22222222-2222-4222-8222-222222222222', givenName: 'Bo', openEpisode: null })], {
        page: 2,
        total: 27,
      }),
    );
    await harness.fixture.whenStable();

    const rows = el.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Nguyen, Ada');
    expect(rows[0]?.textContent).toContain('RIV100001');
    expect(rows[0]?.textContent).toContain('12 Mar 1980');
    expect(rows[0]?.textContent).toContain('Active treatment');
    expect(rows[0]?.textContent).toContain('Sam Rivera');
    expect(rows[1]?.textContent).toContain('No open episode');
    expect(query(rows[0] as Element, 'a').getAttribute('href')).toBe('/patients/11111111-1111-4111-8111-111111111111');
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Showing 26–27 of 27 patients');
    expect(query<HTMLInputElement>(el, 'input[type="search"]').value).toBe('ngu');
  });

  it('writes a search to the URL after a pause and goes back to page 1', async () => {
    const { harness, http, el } = await setup('/patients?page=3');
    http.expectOne((r) => r.url === '/api/patients').flush(page([patient()], { page: 3, total: 61 }));
    await harness.fixture.whenStable();
    jest.useFakeTimers();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    const input = query<HTMLInputElement>(el, 'input[type="search"]');
    input.value = 'RIV1';
    input.dispatchEvent(new Event('input'));
    expect(navigate).not.toHaveBeenCalled();
    jest.advanceTimersByTime(300);
    expect(navigate).toHaveBeenCalledWith(
      [],
      expect.objectContaining({ queryParams: { q: 'RIV1' }, replaceUrl: true }),
    );
  });

  it('says so when nothing matches, and when the list cannot be loaded', async () => {
    const { harness, http, el } = await setup('/patients?q=zzz');
    http.expectOne((r) => r.url === '/api/patients').flush(page([]));
    await harness.fixture.whenStable();
    expect(el.querySelector('table')).toBeNull();
    expect(el.textContent).toContain('No patients match this search.');

    await harness.navigateByUrl('/patients?q=yyy');
    http.expectOne((r) => r.url === '/api/patients').flush({ message: 'boom' }, { status: 500, statusText: 'Error' });
    await harness.fixture.whenStable();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('boom');
  });
});
