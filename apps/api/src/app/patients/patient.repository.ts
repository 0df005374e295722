import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EpisodeStatus, PatientSummary } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import type { AuthUser } from '../auth/auth-user';
import { entityColumns, selectEntities } from '../common/entity-sql';
import { PatientEntity } from '../database/entities';

/** Haystack of the name/MRN search; the same expression backs the trigram index `ix_patient_search_trgm`. */
export const PATIENT_SEARCH_EXPRESSION = `lower(p.family_name || ' ' || p.given_name || ' ' || p.mrn)`;

export interface PatientSearch {
  search?: string;
  page: number;
  pageSize: number;
}

interface SummaryRow {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  preferred_language: string;
  episode_id: string | null;
  episode_status: EpisodeStatus | null;
  care_manager_id: string | null;
}

/** Data access of patients. Every lookup goes through the caller's scope (`AccessService.patientScope`). */
@Injectable()
export class PatientRepository {
  constructor(private readonly access: AccessService) {}

  /**
   * One page of the patients the caller may see, matching every word of `search` (name or MRN,
   * case-insensitive substring), ordered by family name, given name.
   */
  async search(
    em: EntityManager,
    user: AuthUser,
    query: PatientSearch,
  ): Promise<{ rows: PatientSummary[]; total: number }> {
    const scope = this.access.patientScope(user, 'p');
    const params: unknown[] = [...scope.params];
    const terms = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const termSql = terms.map((term) => {
      params.push(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      return ` AND ${PATIENT_SEARCH_EXPRESSION} LIKE $${params.length}`;
    });
    const where = `WHERE ${scope.sql}${termSql.join('')}`;
    const counted: Array<{ total: number }> = await em.query(
      `SELECT count(*)::int AS total FROM patient p ${where}`,
      params,
    );
    const total = counted[0]?.total ?? 0;
    if (total === 0) return { rows: [], total };
    const rows: SummaryRow[] = await em.query(
      `SELECT p.id, p.mrn, p.given_name, p.family_name, p.birth_date::text AS birth_date, p.preferred_language,
         e.id AS episode_id, e.status AS episode_status, e.care_manager_id
       FROM patient p
       LEFT JOIN episode e ON e.patient_id = p.id AND e.status <> 'discharged'
       ${where}
       ORDER BY lower(p.family_name), lower(p.given_name), p.id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { rows: rows.map(toSummary), total };
  }

  /** The patient if in the caller's scope, else `null`. */
  async findScoped(em: EntityManager, user: AuthUser, id: string): Promise<PatientEntity | null> {
    const scope = this.access.patientScope(user, 'p', 1);
    const [patient] = await selectEntities(
      em,
      PatientEntity,
      `SELECT ${entityColumns(em, PatientEntity, 'p')} FROM patient p WHERE p.id = $1 AND ${scope.sql}`,
      [id, ...scope.params],
    );
    return patient ?? null;
  }

  findById(em: EntityManager, id: string): Promise<PatientEntity> {
    return em.findOneByOrFail(PatientEntity, { id });
  }

  /**
   * Whether another patient of the clinic has this MRN. Checked before writing so the common case
   * never reaches the unique index (TypeORM logs a failed INSERT with its parameters, i.e. PHI).
   */
  async mrnTaken(em: EntityManager, clinicId: string, mrn: string, exceptId: string | null = null): Promise<boolean> {
    const rows: unknown[] = await em.query(
      'SELECT 1 FROM patient WHERE clinic_id = $1 AND mrn = $2 AND id IS DISTINCT FROM $3',
      [clinicId, mrn, exceptId],
    );
    return rows.length > 0;
  }

  insert(em: EntityManager, values: Partial<PatientEntity>): Promise<PatientEntity> {
    return em.save(em.create(PatientEntity, values));
  }
}

function toSummary(row: SummaryRow): PatientSummary {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    preferredLanguage: row.preferred_language,
    openEpisode:
      row.episode_id === null || row.episode_status === null
        ? null
        : { id: row.episode_id, status: row.episode_status, careManagerId: row.care_manager_id },
  };
}
