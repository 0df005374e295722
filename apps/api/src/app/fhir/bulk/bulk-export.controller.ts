import { Controller, Delete, Get, Headers, HttpCode, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import { CurrentActor, type Actor } from '../../common/request-actor';
import { FHIR_BASE, FHIR_JSON } from '../fhir-content-type';
import { invalidParameter } from '../fhir-errors';
import { fhirBase, origin } from '../fhir-request';
import { operationOutcome } from '../operation-outcome';
import { OperationOutcomeFilter } from '../operation-outcome.filter';
import { BulkExportService } from './bulk-export.service';

/** Seconds a client should wait before polling again. */
const RETRY_AFTER = '2';

/**
 * FHIR Bulk Data export (issue #15): `GET Group/<clinic>/$export` kick-off (202 + Content-Location),
 * the status URL (202 + X-Progress, then 200 + manifest; DELETE cancels), and the NDJSON files,
 * which need the same Bearer token (`requiresAccessToken: true`).
 */
@ApiTags('fhir')
@ApiBearerAuth()
@UseFilters(OperationOutcomeFilter)
@Controller(FHIR_BASE)
export class BulkExportController {
  constructor(private readonly exports: BulkExportService) {}

  @Get('Group/:id/$export')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({
    summary: 'Bulk export of the clinic (Group id = clinic id), as far as the caller may read; Prefer: respond-async',
  })
  async kickOff(
    @CurrentActor() actor: Actor,
    @Param('id') clinicId: string,
    @Headers('prefer') prefer: string | undefined,
    @Query('_outputFormat') outputFormat: string | undefined,
    @Query('_type') type: string | undefined,
    @Query('_since') since: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const jobId = await this.exports.kickOff(actor, {
      clinicId,
      prefer,
      outputFormat: single(outputFormat, '_outputFormat'),
      type: single(type, '_type'),
      since: single(since, '_since'),
      requestUrl: `${origin(request)}${request.url}`,
    });
    void reply
      .code(202)
      .header('Content-Location', `${fhirBase(request)}/bulk-status/${jobId}`)
      .header('Content-Type', FHIR_JSON)
      .send(operationOutcome('information', 'informational', 'Export started; poll the Content-Location URL'));
  }

  @Get('bulk-status/:jobId')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({
    summary: 'Status of a bulk export: 202 with X-Progress while it runs, 200 with the manifest when done',
  })
  async status(
    @CurrentActor() actor: Actor,
    @Param('jobId') jobId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const answer = await this.exports.status(actor, jobId, fhirBase(request));
    if (answer.state === 'completed') {
      void reply
        .code(200)
        .header('Content-Type', 'application/json; charset=utf-8')
        .header('Expires', '0')
        .send(answer.manifest);
    } else if (answer.state === 'failed') {
      void reply
        .code(500)
        .header('Content-Type', FHIR_JSON)
        .send(operationOutcome('error', 'exception', 'The export failed; start a new one'));
    } else {
      void reply.code(202).header('X-Progress', answer.progress).header('Retry-After', RETRY_AFTER).send();
    }
  }

  @Delete('bulk-status/:jobId')
  @RequirePermission(Permission.PATIENT_READ)
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel a bulk export and delete its files' })
  async cancel(@CurrentActor() actor: Actor, @Param('jobId') jobId: string, @Res() reply: FastifyReply): Promise<void> {
    await this.exports.cancel(actor, jobId);
    void reply
      .code(202)
      .header('Content-Type', FHIR_JSON)
      .send(operationOutcome('information', 'informational', 'Export cancelled'));
  }

  @Get('bulk-files/:jobId/:file')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'One NDJSON file of a completed bulk export (the requester only)' })
  async file(
    @CurrentActor() actor: Actor,
    @Param('jobId') jobId: string,
    @Param('file') file: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stream = await this.exports.file(actor, jobId, file);
    void reply.code(200).header('Content-Type', 'application/fhir+ndjson').send(stream);
  }
}

/** A query parameter given at most once (repeated: 400 naming it). */
function single(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw invalidParameter(name, 'may be given only once');
  return value;
}
