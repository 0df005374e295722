import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Organisations (health systems) above clinics. */
@Injectable()
export class OrganisationRepository {
  /** The organisation of a clinic, or null when the clinic belongs to none. */
  async ofClinic(em: EntityManager, clinicId: string): Promise<{ id: string; name: string } | null> {
    const rows: Array<{ id: string; name: string }> = await em.query(
      `SELECT o.id, o.name FROM clinic c JOIN organisation o ON o.id = c.organisation_id WHERE c.id = $1`,
      [clinicId],
    );
    return rows[0] ?? null;
  }

  /** The clinics of an organisation, by name. */
  clinics(em: EntityManager, organisationId: string): Promise<Array<{ id: string; name: string }>> {
    return em.query(`SELECT id, name FROM clinic WHERE organisation_id = $1 ORDER BY name, id`, [organisationId]);
  }
}
