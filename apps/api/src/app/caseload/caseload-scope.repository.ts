import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { IsoDate } from '@huddle/shared-types';

/** The SQL deciding whose caseload a caller reads (`CaseloadScopeService`). */
@Injectable()
export class CaseloadScopeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The FTE of care manager `id` of `clinicId`; null when there is no such care manager. */
  async careManagerFte(id: string, clinicId: string): Promise<number | null> {
    const rows: Array<{ fte: string }> = await this.db.query(
      `SELECT fte FROM staff_user WHERE id = $1 AND clinic_id = $2 AND role = 'care_manager'`,
      [id, clinicId],
    );
    return rows[0] ? Number(rows[0].fte) : null;
  }

  /** True when `coveringId` covers `coveredId`'s caseload on `day` (`caseload_coverage`). */
  async covers(coveringId: string, coveredId: string, clinicId: string, day: IsoDate): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM caseload_coverage
       WHERE covering_staff_id = $1 AND covered_staff_id = $2 AND clinic_id = $3
         AND starts_on <= $4::date AND (ends_on IS NULL OR ends_on >= $4::date)`,
      [coveringId, coveredId, clinicId, day],
    );
    return rows.length > 0;
  }

  /** Episodes of `careManagerId`'s caseload in `clinicId` whose status is one of `statuses`. */
  async countCaseload(careManagerId: string, clinicId: string, statuses: readonly string[]): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(
      `SELECT count(*) AS n FROM episode
       WHERE care_manager_id = $1 AND clinic_id = $2 AND status = ANY($3::text[])`,
      [careManagerId, clinicId, statuses],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
