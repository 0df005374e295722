import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { AuthUser } from '../auth/auth-user';
import { findInPatientScope } from '../common/entity-sql';
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
  findScoped(em: EntityManager, user: AuthUser, id: string): Promise<ContactEntity | null> {
    return findInPatientScope(em, ContactEntity, id, this.access.patientScope(user, 'p', 1));
  }

  findById(em: EntityManager, id: string): Promise<ContactEntity> {
    return em.findOneByOrFail(ContactEntity, { id });
  }
}
