import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { AuthUser } from '../auth/auth-user';
import { entityColumns, selectEntities } from '../common/entity-sql';
import { ContactEntity } from '../database/entities';

/** Data access of contacts / time entries. */
@Injectable()
export class ContactRepository {
  constructor(private readonly access: AccessService) {}

  insert(em: EntityManager, values: Partial<ContactEntity>): Promise<ContactEntity> {
    return em.save(em.create(ContactEntity, values));
  }

  /** A patient's contacts, most recent first. */
  listForPatient(em: EntityManager, patientId: string): Promise<ContactEntity[]> {
    return em.find(ContactEntity, { where: { patientId }, order: { startedAt: 'DESC', createdAt: 'DESC' } });
  }

  /** The contact if its patient is in the caller's scope, else `null`. */
  async findScoped(em: EntityManager, user: AuthUser, id: string): Promise<ContactEntity | null> {
    const scope = this.access.patientScope(user, 'p', 1);
    const [contact] = await selectEntities(
      em,
      ContactEntity,
      `SELECT ${entityColumns(em, ContactEntity, 'c')}
       FROM contact c JOIN patient p ON p.id = c.patient_id
       WHERE c.id = $1 AND ${scope.sql}`,
      [id, ...scope.params],
    );
    return contact ?? null;
  }

  findById(em: EntityManager, id: string): Promise<ContactEntity> {
    return em.findOneByOrFail(ContactEntity, { id });
  }
}
