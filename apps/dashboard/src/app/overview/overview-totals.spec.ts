import type { ClinicOverview } from '@huddle/shared-types';
import { overviewTotals } from './overview-totals';

const row = (over: Partial<ClinicOverview>): ClinicOverview => ({
  clinicId: 'c',
  name: 'Clinic',
  patients: 0,
  openEpisodes: 0,
  careManagers: 0,
  phq9Last30Days: 0,
  ...over,
});

describe('overviewTotals', () => {
  it('sums clinics and averages the caseload per care manager', () => {
    const totals = overviewTotals([
      row({ patients: 60, openEpisodes: 50, careManagers: 2 }),
      row({ patients: 30, openEpisodes: 25, careManagers: 1 }),
    ]);
    expect(totals).toEqual({ clinics: 2, patients: 90, openEpisodes: 75, careManagers: 3, averageCaseload: 25 });
  });

  it('has no average caseload without care managers', () => {
    expect(overviewTotals([]).averageCaseload).toBeNull();
    expect(overviewTotals([row({ openEpisodes: 4 })]).averageCaseload).toBeNull();
  });
});
