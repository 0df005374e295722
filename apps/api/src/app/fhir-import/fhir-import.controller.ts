import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { FhirImportService } from './fhir-import.service';
import type { FhirResource } from './operation-outcome';

/** `POST /fhir/R4`: FHIR batch/transaction Bundles in (outside the `/api` prefix, as FHIR clients expect). */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/R4')
export class FhirImportController {
  constructor(private readonly imports: FhirImportService) {}

  @Post()
  @HttpCode(200)
  @RequirePermission(Permission.IMPORT_WRITE)
  @ApiConsumes('application/fhir+json', 'application/json')
  @ApiProduces('application/fhir+json')
  @ApiOperation({
    summary:
      'Import a batch or transaction Bundle (Patient, QuestionnaireResponse, Observation, Condition, Encounter, Procedure, ServiceRequest)',
  })
  @ApiOkResponse({ description: 'batch-response / transaction-response Bundle; errors as OperationOutcome' })
  async importBundle(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FhirResource> {
    const result = await this.imports.importBundle(actor, body);
    void reply.status(result.status).header('Content-Type', 'application/fhir+json; charset=utf-8');
    return result.body;
  }
}
