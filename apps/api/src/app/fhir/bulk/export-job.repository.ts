import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '../../auth/update-returning';
import type { PatientScopedType } from '../resource-queries';

export type ExportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface ExportOutput {
  type: PatientScopedType;
  count: number;
}

/** A `fhir_export_job` row. */
export interface ExportJob {
  id: string;
  clinicId: string;
  requestedBy: string;
  requesterRole: string;
  types: PatientScopedType[];
  since: Date | null;
  requestUrl: string;
  status: ExportStatus;
  progress: Partial<Record<PatientScopedType, number>>;
  output: ExportOutput[];
  transactionTime: Date | null;
}

const COLUMNS = `id, clinic_id AS "clinicId", requested_by AS "requestedBy", requester_role AS "requesterRole", types,
  since, request_url AS "requestUrl", status, progress, output, transaction_time AS "transactionTime"`;

/** SQL of the bulk-export jobs table (migration 1764000018000). */
@Injectable()
export class ExportJobRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    em: EntityManager,
    job: Pick<ExportJob, 'clinicId' | 'requestedBy' | 'requesterRole' | 'types' | 'since' | 'requestUrl'>,
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO fhir_export_job (clinic_id, requested_by, requester_role, types, since, request_url)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [job.clinicId, job.requestedBy, job.requesterRole, job.types, job.since, job.requestUrl],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('INSERT returned no id');
    return id;
  }

  /** A job of `requestedBy` (others' jobs are not found). */
  async findOwn(id: string, requestedBy: string, em: EntityManager = this.db.manager): Promise<ExportJob | null> {
    const rows: ExportJob[] = await em.query(
      `SELECT ${COLUMNS} FROM fhir_export_job WHERE id = $1 AND requested_by = $2`,
      [id, requestedBy],
    );
    return rows[0] ?? null;
  }

  async find(id: string): Promise<ExportJob | null> {
    const rows: ExportJob[] = await this.db.query(`SELECT ${COLUMNS} FROM fhir_export_job WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Claims a queued (or re-delivered running) job for work; false when it was cancelled or finished. */
  async start(id: string): Promise<boolean> {
    const rows = await updateReturning(
      this.db,
      `UPDATE fhir_export_job SET status = 'running', started_at = now(), progress = '{}', output = '[]'
       WHERE id = $1 AND status IN ('queued','running') RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async setProgress(id: string, progress: ExportJob['progress'], transactionTime: Date): Promise<ExportStatus | null> {
    const rows = await updateReturning<{ status: ExportStatus }>(
      this.db,
      `UPDATE fhir_export_job SET progress = $2, transaction_time = $3 WHERE id = $1 RETURNING status`,
      [id, JSON.stringify(progress), transactionTime],
    );
    return rows[0]?.status ?? null;
  }

  /** Marks a running job completed with its output; false when it was cancelled meanwhile. */
  async complete(id: string, output: ExportOutput[]): Promise<boolean> {
    const rows = await updateReturning(
      this.db,
      `UPDATE fhir_export_job SET status = 'completed', output = $2, finished_at = now()
       WHERE id = $1 AND status = 'running' RETURNING id`,
      [id, JSON.stringify(output)],
    );
    return rows.length > 0;
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE fhir_export_job SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`,
      [id, error],
    );
  }

  /** Cancels a job of `requestedBy` that is not cancelled yet; false when there is none. */
  async cancel(em: EntityManager, id: string, requestedBy: string): Promise<boolean> {
    const rows = await updateReturning(
      em,
      `UPDATE fhir_export_job SET status = 'cancelled', finished_at = now()
       WHERE id = $1 AND requested_by = $2 AND status <> 'cancelled' RETURNING id`,
      [id, requestedBy],
    );
    return rows.length > 0;
  }

  /** Whether any job waits or runs (a restarted API resumes the worker). */
  async anyUnfinished(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM fhir_export_job WHERE status IN ('queued','running') LIMIT 1`,
    );
    return rows.length > 0;
  }
}
