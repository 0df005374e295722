import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CsvError, parse } from 'csv-parse';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessService, type SqlFragment } from '../auth/access.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { NotFoundError, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { CsvImportQueryDto, CsvImportResultDto, CsvRowErrorDto, ImportJobDto } from './dto/csv-import.dto';
import { rejudgeSexSpecificScreens, SEX_CUTOFFS_BEYOND_DEFAULT } from '../assessments/sex-specific-screens.sql';
import { refreshImportSummaries, suspendSummaryTriggers } from '../fhir-import/summary-refresh.sql';
import { readCsvRow, resolveMapping, type CsvMapping } from './csv-mapping';
import { CsvImportRepository, CsvStageWriter } from './csv-import.repository';

/** Most rows one file may hold; most row errors listed in an answer. */
export const CSV_MAX_ROWS = 250_000;
export const CSV_MAX_ERRORS_LISTED = 500;
const PROGRESS_EVERY_ROWS = 25_000;

/** Ends the transaction without keeping anything: a dry run, or a file with row errors. */
class RollBack extends Error {
  constructor(readonly result: CsvImportResultDto) {
    super('rolled back');
  }
}

/**
 * CSV import of patients and scores (issue #15). The file is streamed through csv-parse; each row
 * is validated and scored by `@huddle/scoring` in Node and COPied into a staging table, then the
 * registry-level checks (scope, birth dates, new patients' names) and the load are set-based SQL:
 * new patients with a referred episode, scores not already imported (content key per patient, the
 * FHIR import's), one audit row per file. All or nothing: a file with any row error writes nothing
 * and answers 400 with the row-level errors; `dryRun` answers the same report and writes nothing.
 * Progress: an `import_job` row (committed first, counts updated as rows stream, final at the end).
 */
@Injectable()
export class CsvImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: CsvImportRepository,
    private readonly access: AccessService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async importCsv(actor: Actor, query: CsvImportQueryDto, body: Readable): Promise<CsvImportResultDto> {
    const dryRun = query.dryRun === true;
    const jobId = dryRun ? null : await this.repository.startJob(this.db.manager, actor.clinicId, actor.id, false);
    let result: CsvImportResultDto;
    try {
      result = await this.db.transaction((em) => this.run(em, actor, query, body, jobId));
    } catch (error) {
      if (!(error instanceof RollBack)) {
        if (jobId) await this.finish(jobId, 'failed', null);
        throw error;
      }
      result = error.result;
      if (jobId) await this.finish(jobId, 'failed', result);
      await this.audit.success(actor, dryRun ? 'import.csv.dry_run' : 'import.csv.refused', {
        resourceType: 'import',
        resourceId: jobId ?? undefined,
        details: { rowsTotal: result.rowsTotal, rowsFailed: result.rowsFailed },
      });
      if (!dryRun) {
        throw new ValidationError('file', `${result.rowsFailed} row(s) have errors; nothing was imported`, {
          ...result,
        });
      }
    }
    return result;
  }

  async job(actor: Actor, jobId: string): Promise<ImportJobDto> {
    const row = await this.repository.job(this.db.manager, actor.clinicId, actor.id, jobId);
    if (!row) throw new NotFoundError('Import job', jobId);
    return {
      id: String(row['id']),
      kind: row['kind'] as ImportJobDto['kind'],
      status: row['status'] as ImportJobDto['status'],
      rowsTotal: Number(row['rows_total']),
      rowsLoaded: Number(row['rows_loaded']),
      rowsUnchanged: Number(row['rows_unchanged']),
      rowsFailed: Number(row['rows_failed']),
      patientsCreated: Number(row['patients_created']),
      startedAt: (row['started_at'] as Date).toISOString(),
      finishedAt: row['finished_at'] ? (row['finished_at'] as Date).toISOString() : null,
    };
  }

  private async run(
    em: EntityManager,
    actor: Actor,
    query: CsvImportQueryDto,
    body: Readable,
    jobId: string | null,
  ): Promise<CsvImportResultDto> {
    const today = (await this.calendar.day(em, actor.clinicId)).today;
    const stage = await CsvStageWriter.open(em);
    const errors: CsvRowErrorDto[] = [];
    let failedRows = 0;
    let rowsTotal = 0;
    let mapping: CsvMapping | null = null;
    // Rows as arrays (csv-parse builds no object per row); the first is the header. Cells are looked
    // up by the header's index; with a repeated header name the last such column counts, as csv-parse's
    // `columns` option did.
    const parser = body.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
    let columnIndex = new Map<string, number>();
    let cells: readonly string[] = [];
    const cellOf = (column: string): string | undefined => {
      const index = columnIndex.get(column);
      return index === undefined ? undefined : cells[index];
    };
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!mapping) {
          const header = record.map((h) => h.trim());
          const resolved = resolveMapping(query, header);
          mapping = resolved.mapping;
          errors.push(...resolved.errors);
          columnIndex = new Map(header.map((name, index) => [name, index]));
          continue;
        }
        if (errors.some((e) => e.row === 1)) break;
        rowsTotal++;
        if (rowsTotal > CSV_MAX_ROWS) {
          errors.push({ row: info.lines, column: '', message: `a file may hold at most ${CSV_MAX_ROWS} rows` });
          break;
        }
        cells = record;
        const read = readCsvRow(cellOf, info.lines, mapping, today);
        if (read.value) {
          if (stage.write(read.value)) await stage.flush();
        } else {
          failedRows++;
          if (errors.length < CSV_MAX_ERRORS_LISTED) errors.push(...read.errors);
        }
        if (jobId && rowsTotal % PROGRESS_EVERY_ROWS === 0) {
          await this.repository.progress(this.db.manager, jobId, rowsTotal);
        }
      }
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      errors.push({ row: rowsTotal + 2, column: '', message: `not valid CSV: ${error.message}` });
    }
    await stage.close();
    if (!mapping) errors.push({ row: 1, column: '', message: 'the file is empty (no header row)' });
    if (errors.length === 0) {
      const registryErrors = await this.repository.registryErrors(em, actor.clinicId, this.scope(actor));
      failedRows += new Set(registryErrors.map((e) => e.row)).size;
      errors.push(...registryErrors.slice(0, CSV_MAX_ERRORS_LISTED));
    }
    const report = (counts: Partial<CsvImportResultDto>): CsvImportResultDto => ({
      jobId,
      dryRun: query.dryRun === true,
      rowsTotal,
      rowsValid: rowsTotal - failedRows,
      rowsFailed: Math.max(failedRows, errors.length > 0 ? 1 : 0),
      patientsCreated: 0,
      assessmentsCreated: 0,
      assessmentsUnchanged: 0,
      errors: errors.slice(0, CSV_MAX_ERRORS_LISTED),
      errorsTruncated: errors.length > CSV_MAX_ERRORS_LISTED || failedRows > errors.length,
      ...counts,
    });
    if (errors.length > 0) throw new RollBack(report({}));
    const careManagerId = actor.role === 'care_manager' ? actor.id : null;
    // Summaries once, after both statements, instead of once per statement (summary-refresh.sql.ts).
    await suspendSummaryTriggers(em);
    const loaded = await this.repository.load(em, actor.clinicId, actor.id, careManagerId, today);
    // Scores were scored without the patient's sex: where it selects another cut-off (AUDIT-C women), re-judge.
    await rejudgeSexSpecificScreens(em, loaded.refreshPatientIds, SEX_CUTOFFS_BEYOND_DEFAULT);
    await refreshImportSummaries(em, loaded.refreshPatientIds);
    const result = report({
      patientsCreated: loaded.patientsCreated,
      assessmentsCreated: loaded.assessmentsCreated,
      assessmentsUnchanged: loaded.assessmentsUnchanged,
    });
    // A dry run reports what the file would do, then rolls everything back.
    if (query.dryRun === true) throw new RollBack(result);
    if (jobId) {
      await this.repository.finishJob(em, jobId, 'done', {
        rowsTotal,
        rowsLoaded: loaded.assessmentsCreated,
        rowsUnchanged: loaded.assessmentsUnchanged,
        rowsFailed: 0,
        patientsCreated: loaded.patientsCreated,
      });
    }
    this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'assessment'));
    await this.audit.success(
      actor,
      'import.csv',
      {
        resourceType: 'import',
        resourceId: jobId ?? undefined,
        details: {
          rowsTotal,
          patientsCreated: loaded.patientsCreated,
          assessmentsCreated: loaded.assessmentsCreated,
          assessmentsUnchanged: loaded.assessmentsUnchanged,
        },
        patientIds: loaded.patientIds,
      },
      em,
    );
    return result;
  }

  private async finish(jobId: string, status: 'failed', result: CsvImportResultDto | null): Promise<void> {
    await this.repository.finishJob(this.db.manager, jobId, status, {
      rowsTotal: result?.rowsTotal ?? 0,
      rowsLoaded: 0,
      rowsUnchanged: 0,
      rowsFailed: result?.rowsFailed ?? 0,
      patientsCreated: 0,
    });
  }

  private scope(actor: Actor): SqlFragment {
    if (actor.role === 'admin') {
      return { sql: `(p.clinic_id = $2 AND $3::uuid IS NOT NULL)`, params: [actor.clinicId, actor.id] };
    }
    return this.access.patientScope(actor, 'p', 1);
  }
}
