import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { IsoDate } from '@huddle/shared-types';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { preparedQuery } from '../database/prepared-query';
import type { SqlParams } from '../registry-sql/sql-params';

/** Whose caseload a request reads, as the database knows it (one statement). */
export interface CaseloadTargetRow {
  /** The care manager's FTE. */
  fte: number;
  /** Whether the caller may read it (their own, or covered on `day`). */
  covers: boolean;
  /** Episodes of the caseload whose status is one of the counted statuses. */
  activePatients: number;
}

/** The caseload target check and capacity figures as SQL over the outer statement, for {@link caseloadTargetFragments}. */
export interface CaseloadTargetFragments {
  /** One-time filters (uncorrelated): the target is a care manager of the clinic the caller may read. */
  conditions: string[];
  /** Uncorrelated scalar columns: `fte` and `activePatients`. */
  columns: { fte: string; activePatients: string };
}

const IS_CARE_MANAGER = (target: string, clinic: string): string =>
  `EXISTS (SELECT 1 FROM staff_user t WHERE t.id = ${target} AND t.clinic_id = ${clinic} AND t.role = 'care_manager')`;
const COVERS = (caller: string, target: string, clinic: string, day: string): string =>
  `(${caller} = ${target} OR EXISTS (SELECT 1 FROM caseload_coverage cc_t
     WHERE cc_t.covering_staff_id = ${caller} AND cc_t.covered_staff_id = ${target} AND cc_t.clinic_id = ${clinic}
       AND cc_t.starts_on <= ${day} AND (cc_t.ends_on IS NULL OR cc_t.ends_on >= ${day})))`;
const FTE = (target: string): string => `(SELECT t.fte FROM staff_user t WHERE t.id = ${target})`;
const COUNTED = (target: string, clinic: string, statuses: string): string =>
  `(SELECT count(*) FROM episode c_t WHERE c_t.care_manager_id = ${target} AND c_t.clinic_id = ${clinic}
     AND c_t.status = ANY(${statuses}))`;

/**
 * The target check and capacity figures folded into the caseload's aggregate statement (issue #13: one
 * statement per caseload read). The filters are uncorrelated, so PostgreSQL evaluates them once (a
 * one-time filter): when they fail the statement returns no rows and the caller falls back to
 * {@link CaseloadScopeRepository.target} to tell 404 from 403 from an empty caseload.
 * @param callerId set when the caller is a care manager (own caseload or coverage); null for consultants
 */
export function caseloadTargetFragments(
  p: SqlParams,
  target: { careManagerId: string; clinicId: string; callerId: string | null; day: IsoDate; statuses: readonly string[] },
): CaseloadTargetFragments {
  const id = p.add(target.careManagerId, 'uuid');
  const clinic = p.add(target.clinicId, 'uuid');
  const conditions = [IS_CARE_MANAGER(id, clinic)];
  if (target.callerId !== null) {
    conditions.push(COVERS(p.add(target.callerId, 'uuid'), id, clinic, p.add(target.day, 'date')));
  }
  return {
    conditions,
    columns: { fte: FTE(id), activePatients: COUNTED(id, clinic, p.add(target.statuses, 'text[]')) },
  };
}

/** The SQL deciding whose caseload a caller reads (`CaseloadScopeService`). */
@Injectable()
export class CaseloadScopeRepository {
  private readonly prepared: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.prepared = config?.PG_PREPARED_STATEMENTS ?? false;
  }

  /**
   * Care manager `id` of `clinicId` (null when there is no such care manager), whether `callerId` may read
   * their caseload on `day` (always when `callerId` is null or the care manager), and the episodes of the
   * caseload whose status is one of `statuses` — one statement.
   */
  async target(
    id: string,
    clinicId: string,
    callerId: string | null,
    day: IsoDate,
    statuses: readonly string[],
  ): Promise<CaseloadTargetRow | null> {
    const sql = `SELECT t.fte,
        ($3::uuid IS NULL OR ${COVERS('$3::uuid', 't.id', '$2::uuid', '$4::date')}) AS covers,
        ${COUNTED('t.id', '$2::uuid', '$5::text[]')} AS n
      FROM staff_user t WHERE t.id = $1::uuid AND t.clinic_id = $2::uuid AND t.role = 'care_manager'`;
    const params = [id, clinicId, callerId, day, statuses];
    const rows: Array<{ fte: string; covers: boolean; n: string }> = this.prepared
      ? await preparedQuery(this.db, sql, params)
      : await this.db.query(sql, params);
    const row = rows[0];
    return row ? { fte: Number(row.fte), covers: row.covers, activePatients: Number(row.n) } : null;
  }
}
