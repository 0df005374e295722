import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContactRecord, ContactType, StaffRef } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { ForbiddenActionError, NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { updateVersioned } from '../common/versioned-update';
import { ContactEntity } from '../database/entities';
import { EpisodeRepository } from '../episodes/episode.repository';
import { ContactRepository } from './contact.repository';
import { contactPatch } from './contact-patch';
import type { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readTransaction } from '../database/read-snapshot';

/**
 * Care-manager contacts and time entries (the minutes CoCM billing counts). The caller is the staff
 * member of a new entry; only that person may edit it later. Every read and write is audited.
 */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactRepository,
    private readonly episodes: EpisodeRepository,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Logs a contact by the caller, attached to the patient's open episode (if any). Five statements: the
   * scope check with the open episode, the audit row (queued for COMMIT), the INSERT — last, since its
   * summary trigger locks the episode's summary until the transaction ends —, COMMIT and the WAL flush.
   */
  async create(actor: Actor, patientId: string, dto: CreateContactDto): Promise<ContactRecord> {
    const completed = dto.completed ?? true;
    this.assertConsistent(dto.type, completed, dto.startedAt);
    return this.db.transaction(async (em) => {
      const target = await this.contacts.target(em, patientId, this.access.patientScope(actor, 'p', 1));
      if (!target) throw new NotFoundError('Patient', patientId);
      const id = randomUUID();
      await this.audit.success(
        actor,
        'contact.create',
        { patientId, resourceType: 'contact', resourceId: id, details: { type: dto.type, minutes: dto.minutes } },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'contact'));
      const saved = await this.contacts.insert(em, {
        id,
        clinicId: actor.clinicId,
        patientId,
        episodeId: target.episodeId,
        staffId: actor.id,
        type: dto.type,
        modality: dto.modality,
        completed,
        startedAt: new Date(dto.startedAt),
        minutes: dto.minutes,
        activity: dto.activity ?? null,
        note: dto.note ?? null,
      });
      // The caller logged it: their own name, as the session knows it.
      return toRecord(saved, { id: actor.id, displayName: actor.displayName });
    });
  }

  /** The patient's contacts, most recent first. */
  async list(actor: Actor, patientId: string): Promise<ContactRecord[]> {
    return readTransaction(this.db, async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const rows = await this.contacts.listForPatient(em, patientId);
      await this.audit.success(
        actor,
        'contact.list',
        {
          patientId,
          resourceType: 'contact',
          details: { count: rows.length },
        },
        em,
      );
      return this.toRecords(em, rows);
    });
  }

  /** Edits one of the caller's own contacts against `version` (403 for someone else's entry). */
  async update(actor: Actor, id: string, dto: UpdateContactDto): Promise<ContactRecord> {
    return this.db.transaction(async (em) => {
      const contact = await this.contacts.findScoped(em, actor, id);
      if (!contact) throw new NotFoundError('Contact', id);
      if (contact.staffId !== actor.id)
        throw new ForbiddenActionError('Only the staff member who logged a contact can edit it');
      if (contact.version !== dto.version) throw new VersionConflictError('Contact', contact.version, dto.version);
      this.assertConsistent(dto.type ?? contact.type, dto.completed ?? contact.completed, dto.startedAt);
      const patch = contactPatch(dto);
      if (!(await updateVersioned(em, ContactEntity, id, dto.version, patch))) {
        throw new VersionConflictError('Contact', (await this.contacts.findById(em, id)).version, dto.version);
      }
      const saved = await this.contacts.findById(em, id);
      await this.record(em, actor, 'contact.update', saved, { fields: Object.keys(patch) });
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'contact'));
      return this.toRecords(em, [saved]).then(([record]) => record as ContactRecord);
    });
  }

  /** 400 for a start in the future, or an outreach attempt marked completed. */
  private assertConsistent(type: ContactType, completed: boolean, startedAt: string | undefined): void {
    if (startedAt !== undefined) this.clock.assertNotFuture('startedAt', startedAt);
    if (type === 'outreach_attempt' && completed) {
      throw new ValidationError('completed', 'an outreach_attempt did not reach the patient: completed must be false');
    }
  }

  private async toRecords(em: EntityManager, contacts: ContactEntity[]): Promise<ContactRecord[]> {
    const staff = await this.episodes.staffRefs(
      em,
      contacts.map((c) => c.staffId),
    );
    return contacts.map((contact) =>
      toRecord(contact, staff.get(contact.staffId) ?? { id: contact.staffId, displayName: '' }),
    );
  }

  private record(
    em: EntityManager,
    actor: Actor,
    action: string,
    contact: ContactEntity,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.success(
      actor,
      action,
      { patientId: contact.patientId, resourceType: 'contact', resourceId: contact.id, details },
      em,
    );
  }
}

function toRecord(contact: ContactEntity, staff: StaffRef): ContactRecord {
  return {
    id: contact.id,
    patientId: contact.patientId,
    episodeId: contact.episodeId,
    staff,
    type: contact.type,
    modality: contact.modality,
    completed: contact.completed,
    startedAt: contact.startedAt.toISOString(),
    minutes: contact.minutes,
    activity: contact.activity,
    note: contact.note,
    createdAt: contact.createdAt.toISOString(),
    version: contact.version,
  };
}
