import { Controller, createParamDecorator, HttpCode, Inject, Post, Res, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { inputProblem } from '../common/input-safety';
import { CurrentActor, type Actor } from '../common/request-actor';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { FhirImportService } from './fhir-import.service';
import { ImportProblem } from './fhir-values';
import { operationOutcome, type FhirResource } from './operation-outcome';

/**
 * The parsed Bundle, read past the global input pipe (whose arrays stop at 1,000 items): the controller
 * applies the same checks itself with `FHIR_IMPORT_MAX_ENTRIES` as the array limit.
 */
const BundleBody = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<FastifyRequest>().body,
);

/** `POST /fhir/R4`: FHIR batch/transaction Bundles in (outside the `/api` prefix, as FHIR clients expect). */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/R4')
export class FhirImportController {
  constructor(
    private readonly imports: FhirImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    @BundleBody() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FhirResource> {
    void reply.header('Content-Type', 'application/fhir+json; charset=utf-8');
    const problem = inputProblem(body, { maxArrayItems: this.config.FHIR_IMPORT_MAX_ENTRIES });
    if (problem) {
      void reply.status(400);
      const field = problem.split(' ')[0] ?? 'body';
      return operationOutcome([new ImportProblem(field === 'body' ? 'Bundle' : `Bundle.${field}`, problem)]);
    }
    const result = await this.imports.importBundle(actor, body);
    void reply.status(result.status);
    return result.body;
  }
}
