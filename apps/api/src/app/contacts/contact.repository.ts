import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { SqlFragment } from '../auth/access.service';
import type { AuthUser } from '../auth/auth-user';
import { findInPatientScope } from '../common/entity-sql';
import { ContactEntity } from '../database/entities';

/** Data access of contacts / time entries. */
@Injectable()
export class ContactRepository {
  constructor(private readonly access: AccessService) {}

  /**
   * The open episode (at most one: `uq_episode_open_per_patient`) of a patient the caller may see, in
   * one query with the scope check: `{ episodeId }` (null without an open episode), or null when
   * `scope` (the caller's patient scope, parameters from `$2`) hides the patient.
   */
  async target(em: EntityManager, patientId: string, scope: SqlFragment): Promise<{ episodeId: string | null } | null> {
    const rows: Array<{ episode_id: string | null }> = await em.query(
      `SELECT e.id AS episode_id
       FROM patient p
       LEFT JOIN episode e ON e.patient_id = p.id AND e.status <> 'discharged'
       WHERE p.id = $1 AND ${scope.sql}`,
      [patientId, ...scope.params],
    );
    const row = rows[0];
    return row ? { episodeId: row.episode_id } : null;
  }

  /** One INSERT (`save` of an entity with an id would first look it up); generated columns are read back. */
  async insert(em: EntityManager, values: Partial<ContactEntity>): Promise<ContactEntity> {
    const entity = em.create(ContactEntity, values);
    await em.insert(ContactEntity, entity);
    return entity;
  }

  /** A patient's contacts, most recent first. */
  listForPatient(em: EntityManager, patientId: string): Promise<ContactEntity[]> {
    return em.find(ContactEntity, { where: { patientId }, order: { startedAt: 'DESC', createdAt: 'DESC' } });
  }

  /** The contact if its patient is in the caller's scope, else `null`. */
  findScoped(em: EntityManager, user: AuthUser, id: string): Promise<ContactEntity | null> {
    return findInPatientScope(em, ContactEntity, id, this.access.patientScope(user, 'p', 1));
  }

  findById(em: EntityManager, id: string): Promise<ContactEntity> {
    return em.findOneByOrFail(ContactEntity, { id });
  }
}
