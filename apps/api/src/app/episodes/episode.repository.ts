import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StaffRef } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import type { AuthUser } from '../auth/auth-user';
import { ConflictError, ErrorCode } from '../common/errors';
import { isUniqueViolation } from '../common/database-errors';
import { entityColumns, findInPatientScope, selectEntities } from '../common/entity-sql';
import { EpisodeEntity } from '../database/entities';

const OPEN_EPISODE_INDEX = 'uq_episode_open_per_patient';

/** Data access of episodes. Lookups by episode id go through the caller's patient scope. */
@Injectable()
export class EpisodeRepository {
  constructor(private readonly access: AccessService) {}

  /** The episode if its patient is in the caller's scope (`AccessService.patientScope`), else `null`. */
  findScoped(em: EntityManager, user: AuthUser, id: string): Promise<EpisodeEntity | null> {
    return findInPatientScope(em, EpisodeEntity, id, this.access.patientScope(user, 'p', 1));
  }

  /** Every episode of a patient, newest first. */
  listForPatient(em: EntityManager, patientId: string): Promise<EpisodeEntity[]> {
    return em.find(EpisodeEntity, { where: { patientId }, order: { referredOn: 'DESC', createdAt: 'DESC' } });
  }

  /** The patient's episode that is not discharged (at most one, by a unique index). */
  async findOpen(em: EntityManager, patientId: string): Promise<EpisodeEntity | null> {
    const [episode] = await selectEntities(
      em,
      EpisodeEntity,
      // The open-episode predicate stays literal: the partial unique index uq_episode_open_per_patient carries it.
      `SELECT ${entityColumns(em, EpisodeEntity, 'e')} FROM episode e WHERE e.patient_id = $1 AND e.status <> 'discharged'`,
      [patientId],
    );
    return episode ?? null;
  }

  /** The patient's most recent discharge date, if any. */
  async lastDischargedOn(em: EntityManager, patientId: string): Promise<string | null> {
    const rows: Array<{ last: string | null }> = await em.query(
      `SELECT max(discharged_on)::text AS last FROM episode WHERE patient_id = $1 AND status = 'discharged'`,
      [patientId],
    );
    return rows[0]?.last ?? null;
  }

  /** Inserts an episode; a second open episode of the patient answers 409. */
  async insert(em: EntityManager, values: Partial<EpisodeEntity>): Promise<EpisodeEntity> {
    try {
      return await em.save(em.create(EpisodeEntity, values));
    } catch (error) {
      if (isUniqueViolation(error, OPEN_EPISODE_INDEX)) throw openEpisodeExists();
      throw error;
    }
  }

  /** Display names of staff members by id (for care-team and author references). */
  async staffRefs(em: EntityManager, ids: ReadonlyArray<string | null>): Promise<Map<string, StaffRef>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows: StaffRef[] = await em.query(
      'SELECT id, display_name AS "displayName" FROM staff_user WHERE id = ANY($1::uuid[])',
      [wanted],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}

export function openEpisodeExists(): ConflictError {
  return new ConflictError(
    ErrorCode.OPEN_EPISODE_EXISTS,
    'The patient already has an open episode; discharge it before starting a new one',
  );
}
