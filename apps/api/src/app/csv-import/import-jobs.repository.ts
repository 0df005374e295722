import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Most import jobs `GET /api/imports` lists. */
export const IMPORT_JOBS_LISTED = 20;

export interface ImportJobRow {
  id: string;
  kind: 'fhir' | 'csv';
  status: 'running' | 'done' | 'failed';
  rows_total: number | string;
  rows_loaded: number | string;
  rows_unchanged: number | string;
  rows_failed: number | string;
  patients_created: number | string;
  started_at: Date;
  finished_at: Date | null;
}

/** The caller's own import jobs, newest first (the dashboard polls them while an upload runs). */
@Injectable()
export class ImportJobsRepository {
  async recent(
    em: EntityManager,
    clinicId: string,
    actorId: string,
    status: 'running' | 'done' | 'failed' | null,
  ): Promise<ImportJobRow[]> {
    return em.query(
      `SELECT id, kind, status, rows_total, rows_loaded, rows_unchanged, rows_failed, patients_created, started_at, finished_at
       FROM import_job
       WHERE clinic_id = $1 AND started_by = $2 AND ($3::text IS NULL OR status = $3)
       ORDER BY started_at DESC, id DESC
       LIMIT $4`,
      [clinicId, actorId, status, IMPORT_JOBS_LISTED],
    );
  }
}
