import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { scoreAssessment } from '@huddle/scoring';
import type { AssessmentRecord } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { withScoringValidation } from '../common/scoring-errors';
import type { Actor } from '../common/request-actor';
import { toAssessmentRecord } from './assessment.mapper';
import { AssessmentRepository } from './assessment.repository';
import type { CreateAssessmentDto, ListAssessmentsQueryDto } from './dto/assessment.dto';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readTransaction } from '../database/read-snapshot';

/**
 * Measurement-based-care scores. Forms are validated and scored on write by `@huddle/scoring`
 * (`scoreAssessment`): an out-of-range or unknown item answers 400 naming `answers.<item>`; an
 * incomplete form is stored without a total (clinical-reference.md "Missing items").
 */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assessments: AssessmentRepository,
    private readonly access: AccessService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Scores and stores one administration, attached to the patient's open episode (if any). */
  async create(actor: Actor, patientId: string, dto: CreateAssessmentDto): Promise<AssessmentRecord> {
    return this.db.transaction(async (em) => {
      const target = await this.assessments.target(em, patientId, this.access.patientScope(actor, 'p', 1));
      if (!target) throw new NotFoundError('Patient', patientId);
      const day = this.calendar.dayIn(target.timeZone);
      ClinicCalendar.assertNotFuture(day, dto.administeredOn, 'administeredOn');
      if (dto.administeredOn < target.birthDate) {
        throw new ValidationError('administeredOn', 'administeredOn must not be before the birth date');
      }
      // An incomplete form is stored and flagged for review (clinical-reference.md "Missing items"); a form
      // with no answer at all is not a form (issue #14 item 10).
      if (Object.values(dto.answers).every((value) => value === null || value === undefined)) {
        throw new ValidationError('answers', 'answers must hold at least one answered item');
      }
      // The patient's recorded sex selects sex-specific cut-offs (AUDIT-C ≥ 3 for women, ≥ 4 otherwise:
      // clinical-reference.md "AUDIT-C").
      const score = withScoringValidation(() => scoreAssessment(dto.instrument, dto.answers, { sex: target.gender }));
      const id = randomUUID();
      // Recorded before the insert, which is last: its trigger locks the episode's summary until the
      // transaction ends, so nothing but COMMIT should follow it. The row is queued in the COMMIT's own
      // message (GuardedClient.sendWithCommit) and joins the chain at COMMIT (AuditService), with the
      // change or not at all.
      await this.audit.success(
        actor,
        'assessment.create',
        { patientId, resourceType: 'assessment', resourceId: id, details: { instrument: dto.instrument } },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'assessment'));
      const saved = await this.assessments.insert(em, {
        id,
        clinicId: actor.clinicId,
        patientId,
        episodeId: target.episodeId,
        instrument: dto.instrument,
        administeredOn: dto.administeredOn,
        source: dto.source,
        answers: score.items,
        total: score.total,
        severity: score.severity?.code ?? null,
        positiveScreen: score.positiveScreen,
        complete: score.complete,
        safetyRisk: score.safetyRisk,
        enteredBy: actor.id,
      });
      return toAssessmentRecord(saved);
    });
  }

  /** The patient's assessments, newest first, optionally of one instrument. */
  async list(actor: Actor, patientId: string, query: ListAssessmentsQueryDto): Promise<AssessmentRecord[]> {
    return readTransaction(this.db, async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const rows = await this.assessments.listForPatient(em, patientId, query.instrument);
      await this.audit.success(
        actor,
        'assessment.list',
        {
          patientId,
          resourceType: 'assessment',
          details: { instrument: query.instrument ?? null, count: rows.length },
        },
        em,
      );
      return rows.map(toAssessmentRecord);
    });
  }
}
