import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** The settings of a clinic that its rules and aggregates depend on. */
export interface ClinicSettingsRow {
  id: string;
  name: string;
  timezone: string;
  /** As stored (`clinic.flag_thresholds`): partial, possibly out of bounds; merge and clamp before use. */
  flagThresholds: Record<string, unknown> | null;
}

/**
 * A clinic's settings row — the one statement that reads them, for the rules (`ClinicRulesService`),
 * the outcomes and every time-zone lookup (`ClinicRepository.timeZone`). One text for all of them:
 * inside a read snapshot (the patient page) its repeats are sent once (database/read-snapshot.ts).
 */
export async function findClinicSettings(em: EntityManager, clinicId: string): Promise<ClinicSettingsRow | undefined> {
  const rows: ClinicSettingsRow[] = await em.query(
    'SELECT id, name, timezone, flag_thresholds AS "flagThresholds" FROM clinic WHERE id = $1',
    [clinicId],
  );
  return rows[0];
}

/** Reads a clinic's settings (`ClinicRulesService`, the outcomes). */
@Injectable()
export class ClinicSettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** @param em a transaction to read in; the data source's manager without one. */
  find(clinicId: string, em: EntityManager = this.db.manager): Promise<ClinicSettingsRow | undefined> {
    return findClinicSettings(em, clinicId);
  }
}
