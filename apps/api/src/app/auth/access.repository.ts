import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { StaffRole } from '@huddle/shared-types';

/** A SQL boolean expression plus its positional parameters, starting at `$<offset+1>`. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Who asks, as the scope predicates need it. */
export interface ScopeCaller {
  id: string;
  clinicId: string;
  role: StaffRole;
}

/**
 * SQL predicate over a `patient` row aliased `alias`: the patients `caller` may see at `now` (the
 * policy is {@link AccessService}'s; this is its SQL).
 * @param offset number of parameters already used in the surrounding query
 */
export function patientScopeSql(caller: ScopeCaller, alias: string, offset: number, now: Date): SqlFragment {
  const clinic = `$${offset + 1}`;
  const me = `$${offset + 2}`;
  const params = [caller.clinicId, caller.id];
  const inClinic = `${alias}.clinic_id = ${clinic}`;
  switch (caller.role) {
    case 'care_manager': {
      // Coverage days are the clinic's calendar days, by the API's clock (migration 1764000011000).
      const today = `clinic_local_date(${clinic}, $${offset + 3}::timestamptz)`;
      return {
        sql: `(${inClinic} AND EXISTS (
          SELECT 1 FROM episode e_s WHERE e_s.patient_id = ${alias}.id AND (
            e_s.care_manager_id IS NULL
            OR e_s.care_manager_id = ${me}
            OR e_s.care_manager_id IN (
              SELECT cc.covered_staff_id FROM caseload_coverage cc
              WHERE cc.covering_staff_id = ${me} AND cc.starts_on <= ${today}
                AND (cc.ends_on IS NULL OR cc.ends_on >= ${today})))))`,
        params: [...params, now.toISOString()],
      };
    }
    case 'psychiatric_consultant':
      return {
        sql: `(${inClinic} AND EXISTS (SELECT 1 FROM episode e_s WHERE e_s.patient_id = ${alias}.id AND e_s.consultant_id = ${me}))`,
        params,
      };
    case 'pcp':
      return {
        sql: `(${inClinic} AND (${alias}.pcp_id = ${me} OR EXISTS (
          SELECT 1 FROM episode e_s WHERE e_s.patient_id = ${alias}.id AND e_s.billing_pcp_id = ${me})))`,
        params,
      };
    case 'leadership':
    case 'admin':
    case 'kiosk':
    case 'org_leadership':
      return { sql: `(FALSE AND ${inClinic} AND ${me}::uuid IS NULL)`, params };
  }
}

/**
 * {@link patientScopeSql} for rows of a consultant's episodes (`episodeAlias` joined to `patientAlias`
 * by `patient_id`, the statement already requires `episodeAlias.consultant_id = consultantId`). When
 * the caller is that consultant, the row's own episode is the one the consultant scope asks for: the
 * predicate is the clinic and that episode's consultant, with no probe per row (issue #13). Anyone
 * else gets {@link patientScopeSql}.
 */
export function consultantEpisodesScopeSql(
  caller: ScopeCaller,
  consultantId: string,
  aliases: { patient: string; episode: string },
  offset: number,
  now: Date,
): SqlFragment {
  if (caller.role !== 'psychiatric_consultant' || caller.id !== consultantId) {
    return patientScopeSql(caller, aliases.patient, offset, now);
  }
  return {
    sql: `(${aliases.patient}.clinic_id = $${offset + 1} AND ${aliases.episode}.consultant_id = $${offset + 2})`,
    params: [caller.clinicId, caller.id],
  };
}

/**
 * SQL predicate over a `patient` row aliased `alias`: every patient of `clinicId`.
 * @param offset number of parameters already used in the surrounding query
 */
export function clinicScopeSql(clinicId: string, alias: string, offset: number): SqlFragment {
  return { sql: `(${alias}.clinic_id = $${offset + 1})`, params: [clinicId] };
}

/** The one query of {@link AccessService}: is a patient inside a scope. */
@Injectable()
export class AccessRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** @param scope built for alias `p` with offset 1 */
  async patientInScope(patientId: string, scope: SqlFragment, em: EntityManager = this.db.manager): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM patient p WHERE p.id = $1 AND ${scope.sql}`, [
      patientId,
      ...scope.params,
    ]);
    return rows.length > 0;
  }
}
