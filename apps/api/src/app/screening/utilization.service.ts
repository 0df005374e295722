import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UTILIZATION_RULES, UtilizationKind, utilizationClassOf, utilizationKindOfClass } from '@huddle/scoring';
import type { UtilizationEventRecord } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { CreateUtilizationDto } from './dto/utilization.dto';
import { UtilizationRepository, type UtilizationRow } from './utilization.repository';
import { readTransaction } from '../database/read-snapshot';

const CODES = [UTILIZATION_RULES.edVisitClass, UTILIZATION_RULES.admissionClass];

/** ED visits and hospital admissions of a patient, entered on the patient page (imports write the same rows). */
@Injectable()
export class UtilizationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: UtilizationRepository,
    private readonly access: AccessService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, patientId: string, dto: CreateUtilizationDto): Promise<UtilizationEventRecord> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const day = await this.calendar.day(em, actor.clinicId);
      ClinicCalendar.assertNotFuture(day, dto.startsOn, 'startsOn');
      const endsOn = dto.endsOn ?? null;
      if (endsOn !== null) {
        if (dto.kind !== UtilizationKind.ADMISSION)
          throw new ValidationError('endsOn', 'endsOn is the discharge date of an admission');
        ClinicCalendar.assertNotFuture(day, endsOn, 'endsOn');
        if (endsOn < dto.startsOn) throw new ValidationError('endsOn', 'endsOn must not be before startsOn');
      }
      const id = await this.repo.insert(em, {
        clinicId: actor.clinicId,
        patientId,
        system: UTILIZATION_RULES.classSystem,
        code: utilizationClassOf(dto.kind),
        startsOn: dto.startsOn,
        endsOn,
      });
      await this.audit.success(
        actor,
        'utilization.create',
        { patientId, resourceType: 'patient_clinical_event', resourceId: id, details: { kind: dto.kind } },
        em,
      );
      const rows = await this.repo.listForPatient(em, patientId, UTILIZATION_RULES.classSystem, CODES);
      return toRecord(rows.find((r) => r.id === id) as UtilizationRow);
    });
  }

  async list(actor: Actor, patientId: string): Promise<UtilizationEventRecord[]> {
    return readTransaction(this.db, async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const rows = await this.repo.listForPatient(em, patientId, UTILIZATION_RULES.classSystem, CODES);
      await this.audit.success(
        actor,
        'utilization.list',
        { patientId, resourceType: 'patient_clinical_event', details: { count: rows.length } },
        em,
      );
      return rows.map(toRecord);
    });
  }
}

function toRecord(row: UtilizationRow): UtilizationEventRecord {
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: utilizationKindOfClass(row.code) ?? UtilizationKind.ED_VISIT,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    source: row.source,
    createdAt: row.created_at.toISOString(),
  };
}
