import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { scoreAssessment } from '@huddle/scoring';
import type { AssessmentRecord } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ValidationError } from '../common/errors';
import { withScoringValidation } from '../common/scoring-errors';
import type { Actor } from '../common/request-actor';
import { PatientEntity } from '../database/entities';
import { EpisodeRepository } from '../episodes/episode.repository';
import { toAssessmentRecord } from './assessment.mapper';
import { AssessmentRepository } from './assessment.repository';
import type { CreateAssessmentDto, ListAssessmentsQueryDto } from './dto/assessment.dto';

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
    private readonly episodes: EpisodeRepository,
    private readonly access: AccessService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
  ) {}

  /** Scores and stores one administration, attached to the patient's open episode (if any). */
  async create(actor: Actor, patientId: string, dto: CreateAssessmentDto): Promise<AssessmentRecord> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const day = await this.calendar.day(em, actor.clinicId);
      ClinicCalendar.assertNotFuture(day, dto.administeredOn, 'administeredOn');
      const patient = await em.findOneByOrFail(PatientEntity, { id: patientId });
      if (dto.administeredOn < patient.birthDate) {
        throw new ValidationError('administeredOn', 'administeredOn must not be before the birth date');
      }
      const score = withScoringValidation(() => scoreAssessment(dto.instrument, dto.answers));
      const episode = await this.episodes.findOpen(em, patientId);
      const saved = await this.assessments.insert(em, {
        clinicId: actor.clinicId,
        patientId,
        episodeId: episode?.id ?? null,
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
      await this.audit.success(
        actor,
        'assessment.create',
        {
          patientId,
          resourceType: 'assessment',
          resourceId: saved.id,
          details: { instrument: dto.instrument },
        },
        em,
      );
      return toAssessmentRecord(saved);
    });
  }

  /** The patient's assessments, newest first, optionally of one instrument. */
  async list(actor: Actor, patientId: string, query: ListAssessmentsQueryDto): Promise<AssessmentRecord[]> {
    return this.db.transaction(async (em) => {
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
