/** Registry size of one clinic; aggregates only, no patient identifiers. */
export interface ClinicOverview {
  clinicId: string;
  name: string;
  patients: number;
  /** Episodes not yet discharged. */
  openEpisodes: number;
  careManagers: number;
  phq9Last30Days: number;
}
