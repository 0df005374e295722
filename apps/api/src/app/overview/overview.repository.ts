import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ClinicOverview } from '@huddle/shared-types';

/** Counts per clinic, as PostgreSQL gives them (bigint as text). */
export type ClinicOverviewRow = Record<keyof ClinicOverview, string>;

/** The SQL of the clinics overview. */
@Injectable()
export class OverviewRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's clinic only (issue #14 item 7: the overview was public and listed every clinic). */
  clinics(clinicId: string): Promise<ClinicOverviewRow[]> {
    return this.db.query(
      `
      SELECT c.id AS "clinicId", c.name,
        (SELECT count(*) FROM patient p WHERE p.clinic_id = c.id) AS patients,
        (SELECT count(*) FROM episode e WHERE e.clinic_id = c.id AND e.status <> 'discharged') AS "openEpisodes",
        (SELECT count(*) FROM staff_user s WHERE s.clinic_id = c.id AND s.role = 'care_manager' AND s.active) AS "careManagers",
        (SELECT count(*) FROM assessment a WHERE a.clinic_id = c.id AND a.instrument = 'PHQ9'
           AND a.administered_on >= current_date - 30) AS "phq9Last30Days"
      FROM clinic c WHERE c.id = $1 ORDER BY c.name`,
      [clinicId],
    );
  }
}
