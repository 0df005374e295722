import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InstrumentId } from '@huddle/shared-types';
import { AssessmentEntity } from '../database/entities';

/** Data access of assessments (callers check the patient scope first). */
@Injectable()
export class AssessmentRepository {
  insert(em: EntityManager, values: Partial<AssessmentEntity>): Promise<AssessmentEntity> {
    return em.save(em.create(AssessmentEntity, values));
  }

  /** A patient's assessments, newest administration first. */
  listForPatient(em: EntityManager, patientId: string, instrument?: InstrumentId): Promise<AssessmentEntity[]> {
    return em.find(AssessmentEntity, {
      where: instrument ? { patientId, instrument } : { patientId },
      order: { administeredOn: 'DESC', createdAt: 'DESC' },
    });
  }
}
