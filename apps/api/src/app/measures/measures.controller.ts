import { Controller, Get, Header, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { FHIR_BASE, FHIR_JSON } from '../fhir/fhir-content-type';
import { OperationOutcomeFilter } from '../fhir/operation-outcome.filter';
import { Cms159Service, type EvaluateMeasureQuery } from './cms159.service';
import type { FhirMeasureReport } from './measure-report';

/** Quality measures as FHIR operations (issue #15). */
@ApiTags('fhir')
@ApiBearerAuth()
@UseFilters(OperationOutcomeFilter)
@Controller(FHIR_BASE)
export class MeasuresController {
  constructor(private readonly cms159: Cms159Service) {}

  @Get('Measure/CMS159/$evaluate-measure')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({
    summary:
      'CMS159 (depression remission at 12 months) for a measurement period: a summary MeasureReport over the patients in scope, or an individual one (subject=Patient/<id>)',
  })
  @ApiQuery({ name: 'periodStart', required: true, example: '2026-01-01' })
  @ApiQuery({ name: 'periodEnd', required: true, example: '2026-12-31' })
  @ApiQuery({ name: 'subject', required: false, example: 'Patient/<id>' })
  evaluate(@CurrentActor() actor: Actor, @Query() query: EvaluateMeasureQuery): Promise<FhirMeasureReport> {
    return this.cms159.evaluate(actor, query);
  }
}
