import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClinicEntity } from '../database/entities';
import { findClinicSettings } from '../registry-sql/clinic-settings.repository';

/** Data access of the clinic aggregate (settings, time zone, flag thresholds). */
@Injectable()
export class ClinicRepository {
  findById(em: EntityManager, id: string): Promise<ClinicEntity | null> {
    return em.findOneBy(ClinicEntity, { id });
  }

  /** Whether another clinic has this name. */
  async nameTaken(em: EntityManager, name: string, exceptId: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM clinic WHERE name = $1 AND id <> $2', [name, exceptId]);
    return rows.length > 0;
  }

  /** The clinic's IANA time zone (from its settings row: one statement for both, see `findClinicSettings`). */
  async timeZone(em: EntityManager, id: string): Promise<string> {
    const row = await findClinicSettings(em, id);
    if (!row) throw new Error(`clinic ${id} of an authenticated user does not exist`);
    return row.timezone;
  }
}
