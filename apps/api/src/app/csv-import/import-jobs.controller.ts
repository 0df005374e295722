import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn } from 'class-validator';
import type { DataSource } from 'typeorm';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { IsOptionalNotNull } from '../common/validation';
import { CurrentActor, type Actor } from '../common/request-actor';
import { ImportJobDto } from './dto/csv-import.dto';
import { ImportJobsRepository, IMPORT_JOBS_LISTED, type ImportJobRow } from './import-jobs.repository';

const STATUSES = ['running', 'done', 'failed'] as const;

export class ImportJobsQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptionalNotNull()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: (typeof STATUSES)[number];
}

/** A job row as the API answers it (counts as numbers, instants as ISO strings). */
export function importJobDto(row: ImportJobRow): ImportJobDto {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    rowsTotal: Number(row.rows_total),
    rowsLoaded: Number(row.rows_loaded),
    rowsUnchanged: Number(row.rows_unchanged),
    rowsFailed: Number(row.rows_failed),
    patientsCreated: Number(row.patients_created),
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

/**
 * `GET /api/imports`: the caller's own recent import jobs (issue #15). The dashboard's Import page
 * polls it while its upload runs, to show the job's progress before the upload's answer names it.
 * Counts only, no patient data, so nothing is audited beyond the imports themselves.
 */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportJobsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: ImportJobsRepository,
  ) {}

  @Get()
  @RequirePermission(Permission.IMPORT_WRITE)
  @ApiOperation({ summary: `The caller's ${IMPORT_JOBS_LISTED} most recent import jobs, newest first` })
  @ApiOkResponse({ type: ImportJobDto, isArray: true })
  async list(@CurrentActor() actor: Actor, @Query() query: ImportJobsQueryDto): Promise<ImportJobDto[]> {
    const rows = await this.jobs.recent(this.db.manager, actor.clinicId, actor.id, query.status ?? null);
    return rows.map(importJobDto);
  }
}
