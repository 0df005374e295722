import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ClinicOverview, InstrumentId, IsoDate } from '@huddle/shared-types';

/** Counts per clinic, as PostgreSQL gives them (bigint as text). */
export type ClinicOverviewRow = Record<keyof ClinicOverview, string>;

/** The SQL of the clinics overview. */
@Injectable()
export class OverviewRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's clinic only (issue #14 item 7: the overview was public and listed every clinic). */
  /**
   * @param recentInstrument instrument counted in `phq9Last30Days`
   * @param recent clinic-local dates (inclusive) of that count (libs/scoring `overviewRecentWindow`)
   */
  clinics(
    clinicId: string,
    recentInstrument: InstrumentId,
    recent: { from: IsoDate; to: IsoDate },
  ): Promise<ClinicOverviewRow[]> {
    return this.db.query(
      `
      SELECT c.id AS "clinicId", c.name,
        (SELECT count(*) FROM patient p WHERE p.clinic_id = c.id) AS patients,
        (SELECT count(*) FROM episode e WHERE e.clinic_id = c.id AND e.status <> 'discharged') AS "openEpisodes",
        (SELECT count(*) FROM staff_user s WHERE s.clinic_id = c.id AND s.role = 'care_manager' AND s.active) AS "careManagers",
        (SELECT count(*) FROM assessment a WHERE a.clinic_id = c.id AND a.instrument = $2
           AND a.administered_on BETWEEN $3::date AND $4::date) AS "phq9Last30Days"
      FROM clinic c WHERE c.id = $1 ORDER BY c.name`,
      [clinicId, recentInstrument, recent.from, recent.to],
    );
  }
}
