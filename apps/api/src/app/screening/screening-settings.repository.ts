import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A clinic's screening cut-offs (`clinic.screening_settings`, only what it changed). */
@Injectable()
export class ScreeningSettingsRepository {
  async get(em: EntityManager, clinicId: string): Promise<Record<string, unknown>> {
    const rows: Array<{ s: Record<string, unknown> }> = await em.query(
      `SELECT screening_settings AS s FROM clinic WHERE id = $1`,
      [clinicId],
    );
    return rows[0]?.s ?? {};
  }

  async set(em: EntityManager, clinicId: string, settings: object): Promise<void> {
    await em.query(
      `UPDATE clinic SET screening_settings = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [clinicId, JSON.stringify(settings)],
    );
  }
}
