import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ProblemView, VitalsView } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { AddProblemDto, RecordLabDto, ResolveProblemDto } from './dto/problem-list.dto';
import { PROBLEM_CODES, ProblemListRepository } from './problem-list.repository';

/** `e119` / `E11.9` → `E11.9` (ICD-10-CM writes a dot after the category). */
export function displayIcd10(code: string): string {
  const bare = code.replace(/\./g, '').trim().toUpperCase();
  return bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
}

/**
 * The problem list (issue #17): ICD-10-CM conditions with the chronic conditions flagged by
 * libs/scoring's cohorts, and the optional HbA1c / blood-pressure values. Audited with ids and
 * codes' cohorts only (a diagnosis code is clinical data: it stays out of the audit details).
 */
@Injectable()
export class ProblemListService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly calendar: ClinicCalendar,
    private readonly problems: ProblemListRepository,
  ) {}

  async list(actor: Actor, patientId: string): Promise<{ problems: ProblemView[]; vitals: VitalsView }> {
    await this.access.requirePatient(actor, patientId);
    const [problems, vitals] = await Promise.all([this.problems.list(patientId), this.problems.vitals(patientId)]);
    await this.audit.success(actor, 'problem-list.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { count: problems.length },
    });
    return { problems, vitals };
  }

  async add(actor: Actor, patientId: string, dto: AddProblemDto): Promise<ProblemView> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      if (dto.onsetOn)
        ClinicCalendar.assertNotFuture(await this.calendar.day(em, actor.clinicId), dto.onsetOn, 'onsetOn');
      const id = await this.problems.insert(em, {
        clinicId: actor.clinicId,
        patientId,
        code: displayIcd10(dto.code),
        text: dto.text,
        onsetOn: dto.onsetOn ?? null,
        by: actor.id,
      });
      const view = await this.problems.one(id, em);
      await this.audit.success(
        actor,
        'problem.add',
        { resourceType: 'problem', resourceId: id, patientId, details: { chronicConditions: view.chronicConditions } },
        em,
      );
      return view;
    });
  }

  async resolve(actor: Actor, id: string, dto: ResolveProblemDto): Promise<ProblemView> {
    return this.db.transaction(async (em) => {
      const problem = await this.problems.lock(id, actor.clinicId, em);
      if (!problem) throw new NotFoundError('Problem', id);
      await this.access.requirePatient(actor, problem.patientId, em);
      if (problem.version !== dto.version) throw new VersionConflictError('Problem', problem.version, dto.version);
      if (!problem.active) throw new ConflictError(ErrorCode.ILLEGAL_TRANSITION, 'The problem is already resolved');
      ClinicCalendar.assertNotFuture(await this.calendar.day(em, actor.clinicId), dto.resolvedOn, 'resolvedOn');
      if (problem.onsetOn && dto.resolvedOn < problem.onsetOn) {
        throw new ValidationError('resolvedOn', `resolvedOn must not be before the onset ${problem.onsetOn}`);
      }
      if (!(await this.problems.resolve(em, id, dto.version, dto.resolvedOn))) {
        throw new VersionConflictError('Problem', problem.version + 1, dto.version);
      }
      await this.audit.success(
        actor,
        'problem.resolve',
        { resourceType: 'problem', resourceId: id, patientId: problem.patientId, details: {} },
        em,
      );
      return this.problems.one(id, em);
    });
  }

  async recordLab(actor: Actor, patientId: string, dto: RecordLabDto): Promise<VitalsView> {
    const codes: Array<[string, number]> =
      dto.kind === 'hba1c'
        ? [[PROBLEM_CODES.hba1c, dto.hba1c ?? Number.NaN]]
        : [
            [PROBLEM_CODES.systolic, dto.systolic ?? Number.NaN],
            [PROBLEM_CODES.diastolic, dto.diastolic ?? Number.NaN],
          ];
    if (dto.kind === 'blood_pressure' && (dto.diastolic ?? 0) >= (dto.systolic ?? 0)) {
      throw new ValidationError('diastolic', 'diastolic must be below systolic');
    }
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      ClinicCalendar.assertNotFuture(await this.calendar.day(em, actor.clinicId), dto.on, 'on');
      const ids = await this.problems.insertValues(em, {
        clinicId: actor.clinicId,
        patientId,
        on: dto.on,
        by: actor.id,
        codes,
      });
      await this.audit.success(
        actor,
        'lab.record',
        { resourceType: 'clinical_event', resourceId: ids[0] ?? null, patientId, details: { kind: dto.kind } },
        em,
      );
      return this.problems.vitals(patientId, em);
    });
  }
}
