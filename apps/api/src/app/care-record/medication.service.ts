import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsoDate, MedicationEventView, MedicationView } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { EpisodeRepository } from '../episodes/episode.repository';
import type { ChangeMedicationDto, StartMedicationDto, StopMedicationDto } from './dto/medication.dto';
import { MedicationRepository, type LockedMedication } from './medication.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readManager } from '../database/read-snapshot';

/**
 * The patient's psychotropic medication list (issue #11): start, dose change and stop, each kept as
 * an event for the timeline and the score charts. Dates are clinic-local and never after the
 * clinic's today; a change or stop is never dated before the medication's last event. Writes are
 * transactional, versioned and audited (the medication name is clinical data: only ids are logged).
 */
@Injectable()
export class MedicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: ClinicCalendar,
    private readonly episodes: EpisodeRepository,
    private readonly medications: MedicationRepository,
    private readonly domainEvents: DomainEvents,
  ) {}

  async list(actor: Actor, patientId: string): Promise<MedicationView[]> {
    const em = readManager(this.db);
    await this.access.requirePatient(actor, patientId, em);
    const list = await this.medications.listForPatient(patientId, em);
    await this.audit.success(actor, 'medication.list', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { count: list.length },
    });
    return list;
  }

  async events(actor: Actor, patientId: string): Promise<MedicationEventView[]> {
    const em = readManager(this.db);
    await this.access.requirePatient(actor, patientId, em);
    const events = await this.medications.eventsOfPatient(patientId, em);
    await this.audit.success(actor, 'medication.events.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { count: events.length },
    });
    return events;
  }

  async start(actor: Actor, patientId: string, dto: StartMedicationDto): Promise<MedicationView> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      ClinicCalendar.assertNotFuture(await this.calendar.day(em, actor.clinicId), dto.startedOn, 'startedOn');
      const episode = await this.episodes.findOpen(em, patientId);
      const id = await this.medications.insert(
        {
          clinicId: actor.clinicId,
          patientId,
          episodeId: episode?.id ?? null,
          name: dto.name,
          dose: dto.dose,
          startedOn: dto.startedOn,
          note: dto.note ?? null,
          by: actor.id,
          at: this.clock.now(),
        },
        em,
      );
      await this.record(em, actor, 'medication.start', patientId, id, { startedOn: dto.startedOn });
      this.domainEvents.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'medication'));
      return this.medications.view(id, em);
    });
  }

  async change(actor: Actor, id: string, dto: ChangeMedicationDto): Promise<MedicationView> {
    return this.mutate(actor, id, dto.version, dto.effectiveOn, 'effectiveOn', async (medication, em) => {
      if (dto.dose === medication.dose) throw new ValidationError('dose', 'dose must differ from the current dose');
      return this.medications.apply(
        medication,
        dto.version,
        this.changeOf(actor, 'change', dto.dose, dto.effectiveOn, dto.note),
        em,
      );
    });
  }

  async stop(actor: Actor, id: string, dto: StopMedicationDto): Promise<MedicationView> {
    return this.mutate(actor, id, dto.version, dto.stoppedOn, 'stoppedOn', (medication, em) =>
      this.medications.apply(medication, dto.version, this.changeOf(actor, 'stop', null, dto.stoppedOn, dto.note), em),
    );
  }

  private changeOf(
    actor: Actor,
    action: 'change' | 'stop',
    dose: string | null,
    effectiveOn: IsoDate,
    note: string | null | undefined,
  ) {
    return {
      clinicId: actor.clinicId,
      action,
      dose,
      effectiveOn,
      note: note ?? null,
      by: actor.id,
      at: this.clock.now(),
    };
  }

  /** Locks, scopes and checks a medication, applies `write` and audits it. */
  private async mutate(
    actor: Actor,
    id: string,
    version: number,
    date: IsoDate,
    dateField: string,
    write: (medication: LockedMedication, em: EntityManager) => Promise<boolean>,
  ): Promise<MedicationView> {
    return this.db.transaction(async (em) => {
      const medication = await this.medications.lock(id, actor.clinicId, em);
      if (!medication) throw new NotFoundError('Medication', id);
      await this.access.requirePatient(actor, medication.patientId, em);
      if (medication.version !== version) throw new VersionConflictError('Medication', medication.version, version);
      if (medication.stoppedOn !== null) {
        throw new ConflictError(ErrorCode.ILLEGAL_TRANSITION, 'The medication is already stopped');
      }
      ClinicCalendar.assertNotFuture(await this.calendar.day(em, actor.clinicId), date, dateField);
      if (date < medication.lastEventOn) {
        throw new ValidationError(
          dateField,
          `${dateField} must not be before ${medication.lastEventOn}, the last change`,
        );
      }
      if (!(await write(medication, em))) throw new VersionConflictError('Medication', medication.version + 1, version);
      await this.record(
        em,
        actor,
        dateField === 'stoppedOn' ? 'medication.stop' : 'medication.change',
        medication.patientId,
        id,
        {
          [dateField]: date,
        },
      );
      this.domainEvents.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'medication'));
      return this.medications.view(id, em);
    });
  }

  private record(
    em: EntityManager,
    actor: Actor,
    action: string,
    patientId: string,
    medicationId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.success(
      actor,
      action,
      { resourceType: 'medication', resourceId: medicationId, patientId, details },
      em,
    );
  }
}
