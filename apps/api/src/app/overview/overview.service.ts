import { Injectable } from '@nestjs/common';
import { OVERVIEW_RECENT_SCORES, overviewRecentWindow } from '@huddle/scoring';
import type { ClinicOverview } from '@huddle/shared-types';
import { ClinicRulesService } from '../registry-sql/clinic-rules.service';
import { OverviewRepository } from './overview.repository';

@Injectable()
export class OverviewService {
  constructor(
    private readonly overview: OverviewRepository,
    private readonly clinicRules: ClinicRulesService,
  ) {}

  /** The caller's clinic only (issue #14 item 7: the overview was public and listed every clinic). */
  async listClinics(clinicId: string): Promise<ClinicOverview[]> {
    // "Last 30 days" on the clinic's calendar, by libs/scoring's window (not the database's current_date).
    const { asOf } = await this.clinicRules.forClinic(clinicId);
    const rows = await this.overview.clinics(clinicId, OVERVIEW_RECENT_SCORES.instrumentId, overviewRecentWindow(asOf));
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
