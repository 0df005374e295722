import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccessService } from '../../auth/access.service';
import type { AuthUser } from '../../auth/auth-user';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/request-actor';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { JobQueue } from '../../jobs/job-queue.service';
import { FhirError, invalidParameter, resourceNotFound } from '../fhir-errors';
import { FhirRepository } from '../fhir.repository';
import { bulkSource, PATIENT_SCOPED_TYPES, RESOURCE_QUERIES, type PatientScopedType } from '../resource-queries';
import { SqlBuilder } from '../sql-builder';
import { exportNdjson } from './ndjson-export';
import { ExportJobRepository, type ExportJob, type ExportOutput } from './export-job.repository';

/** The pg-boss queue of bulk exports. Payload: the job id only. */
export const FHIR_EXPORT_QUEUE = 'fhir-export';

const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job id that is not a UUID is a malformed request: 400 OperationOutcome naming `jobId` (issue #14). */
function checkJobId(jobId: string): void {
  if (!UUID.test(jobId)) throw invalidParameter('jobId', 'must be a UUID');
}
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export interface KickOff {
  clinicId: string;
  prefer: string | undefined;
  outputFormat: string | undefined;
  type: string | undefined;
  since: string | undefined;
  requestUrl: string;
}

/** What the status URL answers. */
export type ExportStatusAnswer =
  | { state: 'in-progress'; progress: string }
  | { state: 'completed'; manifest: Record<string, unknown> }
  | { state: 'failed' };

class ExportCancelled extends Error {}

/**
 * FHIR Bulk Data export of a clinic (Group = clinic): kick-off, status, files, cancel
 * (https://hl7.org/fhir/uv/bulkdata/export.html). The work runs on the pg-boss queue: a REPEATABLE
 * READ transaction (one snapshot, `transactionTime`) streams each type's rows through a server-side
 * cursor to `<FHIR_EXPORT_DIR>/<job>/<Type>.ndjson`, a batch at a time with write backpressure, so
 * memory does not grow with the clinic. The export holds what its requester may read (AccessService
 * scope of their role), and only they can poll it or fetch its files.
 */
@Injectable()
export class BulkExportService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BulkExportService.name);
  private worker: Promise<string> | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: ExportJobRepository,
    private readonly repository: FhirRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly queue: JobQueue,
  ) {}

  /** A restarted API resumes unfinished exports (pg-boss re-delivers a job whose worker died). */
  async onApplicationBootstrap(): Promise<void> {
    if (await this.jobs.anyUnfinished()) this.ensureWorker();
  }

  async kickOff(actor: Actor, request: KickOff): Promise<string> {
    if (!UUID.test(request.clinicId) || request.clinicId.toLowerCase() !== actor.clinicId) {
      throw resourceNotFound('Group', request.clinicId);
    }
    if (!request.prefer || !/(^|[\s,;])respond-async($|[\s,;])/.test(request.prefer)) {
      throw invalidParameter('Prefer', 'bulk export needs the header Prefer: respond-async');
    }
    if (request.outputFormat !== undefined && !NDJSON_FORMATS.has(request.outputFormat)) {
      throw invalidParameter('_outputFormat', 'only application/fhir+ndjson is supported');
    }
    const types = this.parseTypes(request.type);
    const since = this.parseSince(request.since);
    const id = await this.db.transaction(async (em) => {
      const jobId = await this.jobs.create(em, {
        clinicId: actor.clinicId,
        requestedBy: actor.id,
        requesterRole: actor.role,
        types,
        since,
        requestUrl: request.requestUrl,
      });
      await this.audit.success(
        actor,
        'fhir.export.start',
        { resourceType: 'Group', resourceId: actor.clinicId, details: { jobId, types, since: since !== null } },
        em,
      );
      return jobId;
    });
    this.ensureWorker();
    await this.queue.send(FHIR_EXPORT_QUEUE, { jobId: id }, { retryLimit: 2, expireInSeconds: 3600 });
    return id;
  }

  async status(actor: Actor, jobId: string, base: string): Promise<ExportStatusAnswer> {
    const job = await this.ownJob(actor, jobId);
    if (job.status === 'completed') {
      await this.audit.success(actor, 'fhir.export.status', {
        resourceType: 'Group',
        resourceId: job.clinicId,
        details: { jobId, status: job.status },
      });
      return {
        state: 'completed',
        manifest: {
          transactionTime: (job.transactionTime ?? new Date()).toISOString(),
          request: job.requestUrl,
          requiresAccessToken: true,
          output: job.output
            .filter((o) => o.count > 0)
            .map((o) => ({ type: o.type, url: `${base}/bulk-files/${job.id}/${o.type}.ndjson`, count: o.count })),
          error: [],
        },
      };
    }
    if (job.status === 'failed') return { state: 'failed' };
    const done = Object.entries(job.progress)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    return { state: 'in-progress', progress: job.status === 'queued' ? 'queued' : `running: ${done || 'starting'}` };
  }

  async cancel(actor: Actor, jobId: string): Promise<void> {
    checkJobId(jobId);
    const cancelled = await this.db.transaction(async (em) => {
      const ok = await this.jobs.cancel(em, jobId, actor.id);
      if (ok) {
        await this.audit.success(
          actor,
          'fhir.export.cancel',
          { resourceType: 'Group', resourceId: actor.clinicId, details: { jobId } },
          em,
        );
      }
      return ok;
    });
    if (!cancelled) throw resourceNotFound('export', jobId);
    await rm(this.jobDir(jobId), { recursive: true, force: true });
  }

  /** An output file of a completed export of the caller, as a stream. */
  async file(actor: Actor, jobId: string, fileName: string): Promise<ReadStream> {
    checkJobId(jobId);
    // The file names are fixed (one per resource type): anything else is a malformed request, not a missing file.
    const type = PATIENT_SCOPED_TYPES.find((t) => `${t}.ndjson` === fileName);
    if (!type) {
      throw invalidParameter('file', `must be the name of an export file, e.g. ${PATIENT_SCOPED_TYPES[0]}.ndjson`);
    }
    const job = await this.ownJob(actor, jobId);
    const output = job.output.find((o) => o.type === type);
    if (job.status !== 'completed' || !output) throw resourceNotFound('file', fileName);
    const file = path.join(this.jobDir(job.id), fileName);
    await stat(file).catch(() => {
      throw new FhirError(410, 'deleted', `${fileName} of export ${jobId} is no longer available`);
    });
    await this.audit.success(actor, 'fhir.export.download', {
      resourceType: type,
      details: { jobId, count: output.count },
    });
    return createReadStream(file);
  }

  /** Runs one export (the queue's handler; also called directly by the benchmark). */
  async run(jobId: string): Promise<void> {
    if (!(await this.jobs.start(jobId))) return;
    const job = await this.jobs.find(jobId);
    if (!job) return;
    const dir = this.jobDir(jobId);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const requester: AuthUser = {
      id: job.requestedBy,
      clinicId: job.clinicId,
      role: job.requesterRole as AuthUser['role'],
      displayName: '',
      sessionId: '',
    };
    const runner = this.repository.runner();
    await runner.connect();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [{ now }] = (await runner.query('SELECT now() AS now')) as Array<{ now: Date }>;
      const progress: ExportJob['progress'] = {};
      const output: ExportOutput[] = [];
      for (const type of job.types) {
        const count = await this.exportType(runner, requester, job, type, dir, async (n) => {
          progress[type] = n;
          if ((await this.jobs.setProgress(jobId, progress, now)) === 'cancelled') throw new ExportCancelled();
        });
        progress[type] = count;
        output.push({ type, count });
        if ((await this.jobs.setProgress(jobId, progress, now)) === 'cancelled') throw new ExportCancelled();
      }
      await runner.query('COMMIT');
      if (!(await this.jobs.complete(jobId, output))) throw new ExportCancelled();
      await this.audit.record({
        action: 'fhir.export.complete',
        outcome: 'success',
        actor: { id: job.requestedBy, role: requester.role, clinicId: job.clinicId },
        clinicId: job.clinicId,
        resourceType: 'Group',
        resourceId: job.clinicId,
        details: { jobId, counts: Object.fromEntries(output.map((o) => [o.type, o.count])) },
      });
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      if (error instanceof ExportCancelled) return;
      // The error's class only: messages of failed SQL can quote values.
      const reason = error instanceof Error ? error.name : 'Error';
      this.logger.error(`FHIR export ${jobId} failed (${reason})`);
      await this.jobs.fail(jobId, reason);
    } finally {
      await runner.release();
    }
  }

  /** Streams one type to its NDJSON file; returns how many resources it wrote. */
  private async exportType(
    runner: ReturnType<FhirRepository['runner']>,
    requester: AuthUser,
    job: ExportJob,
    type: PatientScopedType,
    dir: string,
    onProgress: (written: number) => Promise<void>,
  ): Promise<number> {
    const query = RESOURCE_QUERIES[type];
    const source = bulkSource(query);
    const b = new SqlBuilder();
    const from = source.from(b);
    b.scope((offset) => this.access.patientScope(requester, 'p', offset));
    if (job.since) b.where(`${query.lastUpdated} > ${b.p(job.since, 'timestamptz')}`);
    return exportNdjson(this.repository, runner, source, from, b, path.join(dir, `${type}.ndjson`), onProgress);
  }

  private parseTypes(raw: string | undefined): PatientScopedType[] {
    if (raw === undefined) return [...PATIENT_SCOPED_TYPES];
    const types = raw.split(',').map((t) => t.trim());
    for (const t of types) {
      if (!(PATIENT_SCOPED_TYPES as readonly string[]).includes(t)) {
        throw invalidParameter(
          '_type',
          `${t || '(empty)'} is not an exported type (${PATIENT_SCOPED_TYPES.join(', ')})`,
        );
      }
    }
    return PATIENT_SCOPED_TYPES.filter((t) => types.includes(t));
  }

  private parseSince(raw: string | undefined): Date | null {
    if (raw === undefined) return null;
    const at = new Date(raw);
    if (!INSTANT.test(raw) || Number.isNaN(at.getTime())) {
      throw invalidParameter('_since', 'must be an instant with a time zone, e.g. 2026-01-01T00:00:00Z');
    }
    return at;
  }

  private async ownJob(actor: Actor, jobId: string): Promise<ExportJob> {
    checkJobId(jobId);
    const job = await this.jobs.findOwn(jobId, actor.id);
    if (!job || job.status === 'cancelled') throw resourceNotFound('export', jobId);
    return job;
  }

  private jobDir(jobId: string): string {
    return path.resolve(this.config.FHIR_EXPORT_DIR, jobId);
  }

  private ensureWorker(): void {
    this.worker ??= this.queue.work<{ jobId: string }>(
      FHIR_EXPORT_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 1 },
      async ([job]) => {
        if (job) await this.run(job.data.jobId);
      },
    );
    this.worker.catch((error: unknown) => {
      this.logger.error(`FHIR export worker did not start (${error instanceof Error ? error.name : 'Error'})`);
      this.worker = undefined;
    });
  }
}
