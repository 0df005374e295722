import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { scoreAssessment, toLocalIsoDate } from '@huddle/scoring';
import type { InstrumentId, RecordRevisionView, RevisedRecordType } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../auth/clock';
import { AccessService } from '../auth/access.service';
import { NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { withScoringValidation } from '../common/scoring-errors';
import { updateVersioned } from '../common/versioned-update';
import { ContactEntity } from '../database/entities';
import { contactPatch } from '../contacts/contact-patch';
import type { CorrectAssessmentDto, CorrectContactDto, EnteredInErrorDto } from './dto/correction.dto';
import { RecordRevisionRepository, type LockedRecord } from './record-revision.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readTransaction } from '../database/read-snapshot';

/**
 * Corrects a mistyped score or contact, or marks it "entered in error" (issue #11 item 3). The
 * original row is kept in `record_revision` with the reason, who and when; the record is then
 * updated in place (a score rescored by libs/scoring, validated like a new one) or deleted. The
 * summary triggers recompute the measures and flags in the same transaction — an incomplete form
 * corrected into a complete one no longer raises INCOMPLETE_FORM_NEEDS_REVIEW. Each change is audited.
 */
@Injectable()
export class CorrectionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly revisions: RecordRevisionRepository,
    private readonly events: DomainEvents,
  ) {}

  /** @throws 404 outside scope; 400 naming `answers.<item>`, `administeredOn` or `reason`. */
  async correctAssessment(actor: Actor, id: string, dto: CorrectAssessmentDto): Promise<RecordRevisionView> {
    return this.db.transaction(async (em) => {
      const record = await this.lock(em, actor, 'assessment', id);
      const administeredOn = dto.administeredOn ?? (await this.revisions.administeredOn(em, id)) ?? '';
      const today = toLocalIsoDate(this.clock.now().toISOString(), record.timeZone);
      if (administeredOn > today) {
        throw new ValidationError('administeredOn', `administeredOn must not be in the future (today is ${today})`);
      }
      if (administeredOn < record.birthDate) {
        throw new ValidationError('administeredOn', 'administeredOn must not be before the birth date');
      }
      const score = withScoringValidation(() =>
        scoreAssessment(record.instrument as InstrumentId, dto.answers, { sex: record.gender }),
      );
      const revisionId = await this.revisions.keepOriginal(em, 'assessment', id, {
        action: 'corrected',
        reason: dto.reason,
        by: actor.id,
        at: this.clock.now(),
      });
      await this.record(em, actor, 'assessment.correct', record, revisionId, {
        instrument: record.instrument,
        complete: score.complete,
        safetyRisk: score.safetyRisk,
      });
      await this.revisions.updateAssessment(em, id, {
        administeredOn,
        answers: score.items,
        total: score.total,
        severity: score.severity?.code ?? null,
        positiveScreen: score.positiveScreen,
        complete: score.complete,
        safetyRisk: score.safetyRisk,
      });
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'assessment'));
      return this.revisions.view(em, revisionId);
    });
  }

  /** @throws 404 outside scope; 400 naming `reason`. */
  async assessmentEnteredInError(actor: Actor, id: string, dto: EnteredInErrorDto): Promise<RecordRevisionView> {
    return this.enteredInError(actor, 'assessment', id, dto);
  }

  /** @throws 404 outside scope; 409 stale `version`; 400 naming the field. */
  async correctContact(actor: Actor, id: string, dto: CorrectContactDto): Promise<RecordRevisionView> {
    return this.db.transaction(async (em) => {
      const record = await this.lock(em, actor, 'contact', id);
      if (record.version !== dto.version) throw new VersionConflictError('Contact', record.version ?? 0, dto.version);
      if (dto.startedAt !== undefined) this.clock.assertNotFuture('startedAt', dto.startedAt);
      const patch = contactPatch(dto);
      const current = await em.findOneByOrFail(ContactEntity, { id });
      if ((patch.type ?? current.type) === 'outreach_attempt' && (patch.completed ?? current.completed)) {
        throw new ValidationError(
          'completed',
          'an outreach_attempt did not reach the patient: completed must be false',
        );
      }
      const revisionId = await this.revisions.keepOriginal(em, 'contact', id, {
        action: 'corrected',
        reason: dto.reason,
        by: actor.id,
        at: this.clock.now(),
      });
      if (!(await updateVersioned(em, ContactEntity, id, dto.version, patch))) {
        throw new VersionConflictError('Contact', (record.version ?? 0) + 1, dto.version);
      }
      await this.record(em, actor, 'contact.correct', record, revisionId, { fields: Object.keys(patch) });
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'contact'));
      return this.revisions.view(em, revisionId);
    });
  }

  /** @throws 404 outside scope; 400 naming `reason`. */
  async contactEnteredInError(actor: Actor, id: string, dto: EnteredInErrorDto): Promise<RecordRevisionView> {
    return this.enteredInError(actor, 'contact', id, dto);
  }

  /** The originals of the patient's corrected and entered-in-error records, newest first. */
  async list(actor: Actor, patientId: string): Promise<RecordRevisionView[]> {
    return readTransaction(this.db, async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const rows = await this.revisions.listForPatient(em, patientId);
      await this.audit.success(
        actor,
        'record_revision.list',
        { patientId, resourceType: 'record_revision', details: { count: rows.length } },
        em,
      );
      return rows;
    });
  }

  private enteredInError(
    actor: Actor,
    type: RevisedRecordType,
    id: string,
    dto: EnteredInErrorDto,
  ): Promise<RecordRevisionView> {
    return this.db.transaction(async (em) => {
      const record = await this.lock(em, actor, type, id);
      const revisionId = await this.revisions.keepOriginal(em, type, id, {
        action: 'entered_in_error',
        reason: dto.reason,
        by: actor.id,
        at: this.clock.now(),
      });
      await this.record(em, actor, `${type}.entered_in_error`, record, revisionId, {});
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, type));
      await this.revisions.remove(em, type, id);
      return this.revisions.view(em, revisionId);
    });
  }

  private async lock(em: EntityManager, actor: Actor, type: RevisedRecordType, id: string): Promise<LockedRecord> {
    const record = await this.revisions.lockScoped(em, actor, type, id);
    if (!record) throw new NotFoundError(type === 'assessment' ? 'Assessment' : 'Contact', id);
    return record;
  }

  /** Audit entry of a change (no free text: the reason stays in `record_revision`). */
  private record(
    em: EntityManager,
    actor: Actor,
    action: string,
    record: LockedRecord,
    revisionId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.success(
      actor,
      action,
      {
        patientId: record.patientId,
        resourceType: action.split('.')[0] ?? 'record',
        resourceId: record.id,
        details: { ...details, revisionId, episodeId: record.episodeId },
      },
      em,
    );
  }
}
