import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { OverviewPage } from './overview.page';
import { provideApiTesting } from '../../testing/api-transport';

describe('OverviewPage', () => {
  function setup() {
    TestBed.configureTestingModule({ providers: [...provideApiTesting()] });
    const fixture = TestBed.createComponent(OverviewPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    return { fixture, http };
  }

  it('shows each clinic and the totals from the API', async () => {
    const { fixture, http } = setup();
    http.expectOne('/api/overview').flush([
      { clinicId: '1', name: 'Riverside', patients: 60, openEpisodes: 50, careManagers: 2, phq9Last30Days: 40 },
      { clinicId: '2', name: 'Harbor', patients: 30, openEpisodes: 20, careManagers: 1, phq9Last30Days: 12 },
    ]);
    await fixture.whenStable();
    const text = (fixture.nativeElement as HTMLElement).textContent ?? '';
    expect(text).toContain('Riverside');
    expect(text).toContain('Harbor');
    expect(text).toMatch(/90\s*patients/);
    expect(text).toMatch(/23\s*average caseload/);
  });

  it('says so when the API fails', async () => {
    const { fixture, http } = setup();
    http.expectOne('/api/overview').flush('boom', { status: 500, statusText: 'Server Error' });
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent).toContain(
      'could not be loaded',
    );
  });
});
