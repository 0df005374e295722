import type { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { ValidationError } from '../common/errors';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CsvImportQueryDto, CsvImportResultDto, ImportJobDto } from './dto/csv-import.dto';
import { CsvImportService } from './csv-import.service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class CsvImportController {
  constructor(private readonly imports: CsvImportService) {}

  @Post('csv')
  @HttpCode(200)
  @RequirePermission(Permission.IMPORT_WRITE)
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary: 'Import patients and scores from a CSV file (body text/csv), all or nothing; dryRun=true validates only',
  })
  @ApiOkResponse({ type: CsvImportResultDto })
  importCsv(
    @CurrentActor() actor: Actor,
    @Query() query: CsvImportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<CsvImportResultDto> {
    const body = request.body as Readable | undefined;
    if (!body || typeof (body as Partial<Readable>).pipe !== 'function') {
      throw new ValidationError('body', 'body must be a CSV file sent as Content-Type: text/csv');
    }
    return this.imports.importCsv(actor, query, body);
  }

  @Get(':id')
  @RequirePermission(Permission.IMPORT_WRITE)
  @ApiOperation({ summary: 'An import job of the caller: status, progress and counts' })
  @ApiOkResponse({ type: ImportJobDto })
  job(@CurrentActor() actor: Actor, @Param() params: UuidParamDto): Promise<ImportJobDto> {
    return this.imports.job(actor, params.id);
  }
}
