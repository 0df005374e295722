import { Injectable } from '@nestjs/common';
import type { ClinicOverview } from '@huddle/shared-types';
import { OverviewRepository } from './overview.repository';

@Injectable()
export class OverviewService {
  constructor(private readonly overview: OverviewRepository) {}

  /** The caller's clinic only (issue #14 item 7: the overview was public and listed every clinic). */
  async listClinics(clinicId: string): Promise<ClinicOverview[]> {
    const rows = await this.overview.clinics(clinicId);
    return rows.map((r) => ({
      clinicId: r.clinicId,
      name: r.name,
      patients: Number(r.patients),
      openEpisodes: Number(r.openEpisodes),
      careManagers: Number(r.careManagers),
      phq9Last30Days: Number(r.phq9Last30Days),
    }));
  }
}
