import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdministrativeGender, InstrumentId, IsoDate } from '@huddle/shared-types';
import type { SqlFragment } from '../auth/access.service';
import { AssessmentEntity } from '../database/entities';

/** What recording an assessment for a patient needs to know. */
export interface AssessmentTarget {
  birthDate: IsoDate;
  /** The patient's clinic's time zone ("not in the future" is judged there). */
  timeZone: string;
  /** The open episode the assessment joins, if any. */
  episodeId: string | null;
  /** Recorded sex (FHIR administrative gender): selects sex-specific cut-offs such as AUDIT-C's. */
  gender: AdministrativeGender | null;
}

/** Data access of assessments (callers check the patient scope first). */
@Injectable()
export class AssessmentRepository {
  /**
   * The patient an assessment is recorded for, with their clinic's time zone and open episode (at most
   * one: `uq_episode_open_per_patient`), in one query; null unless `scope` (the caller's patient scope,
   * parameters from `$2`) lets the caller see them.
   */
  async target(em: EntityManager, patientId: string, scope: SqlFragment): Promise<AssessmentTarget | null> {
    const rows: Array<{
      birth_date: IsoDate;
      timezone: string;
      episode_id: string | null;
      gender: AdministrativeGender | null;
    }> = await em.query(
      `SELECT p.birth_date::text AS birth_date, c.timezone, e.id AS episode_id, p.gender
       FROM patient p
       JOIN clinic c ON c.id = p.clinic_id
       LEFT JOIN episode e ON e.patient_id = p.id AND e.status <> 'discharged'
       WHERE p.id = $1 AND ${scope.sql}`,
      [patientId, ...scope.params],
    );
    const row = rows[0];
    return row
      ? { birthDate: row.birth_date, timeZone: row.timezone, episodeId: row.episode_id, gender: row.gender }
      : null;
  }

  /** One INSERT (`save` would first look the id up); the generated columns are read back into the entity. */
  async insert(em: EntityManager, values: Partial<AssessmentEntity>): Promise<AssessmentEntity> {
    const entity = em.create(AssessmentEntity, values);
    await em.insert(AssessmentEntity, entity);
    return entity;
  }

  /** A patient's assessments, newest administration first. */
  listForPatient(em: EntityManager, patientId: string, instrument?: InstrumentId): Promise<AssessmentEntity[]> {
    return em.find(AssessmentEntity, {
      where: instrument ? { patientId, instrument } : { patientId },
      order: { administeredOn: 'DESC', createdAt: 'DESC' },
    });
  }
}
