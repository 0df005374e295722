import type { ClinicOverview } from '@huddle/shared-types';

export interface OverviewTotals {
  clinics: number;
  patients: number;
  openEpisodes: number;
  careManagers: number;
  /** Open episodes per care manager, rounded; null when no care managers. */
  averageCaseload: number | null;
}

/** Sums the per-clinic overview rows for the headline figures. */
export function overviewTotals(rows: readonly ClinicOverview[]): OverviewTotals {
  const sum = (pick: (r: ClinicOverview) => number): number => rows.reduce((n, r) => n + pick(r), 0);
  const careManagers = sum((r) => r.careManagers);
  const openEpisodes = sum((r) => r.openEpisodes);
  return {
    clinics: rows.length,
    patients: sum((r) => r.patients),
    openEpisodes,
    careManagers,
    averageCaseload: careManagers === 0 ? null : Math.round(openEpisodes / careManagers),
  };
}
