import { Controller, Get, Header, Param, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { Public } from '../common/public.decorator';
import { CurrentActor, type Actor } from '../common/request-actor';
import type { Bundle } from './bundle';
import { capabilityStatement, type CapabilityStatement } from './capability-statement';
import { FHIR_BASE, FHIR_JSON } from './fhir-content-type';
import { FhirError } from './fhir-errors';
import { fhirBase, searchRequest } from './fhir-request';
import { FhirService } from './fhir.service';
import type { FhirResource } from './mapping/fhir-resource';
import { OperationOutcomeFilter } from './operation-outcome.filter';

const VERSION = '0.1.0';

/**
 * FHIR R4 read and search under `/fhir/R4` (outside the `/api` prefix), `application/fhir+json`,
 * errors as OperationOutcome. Patient data needs `patient:read` and is scoped like the REST API.
 */
@ApiTags('fhir')
@ApiBearerAuth()
@UseFilters(OperationOutcomeFilter)
@Controller(FHIR_BASE)
export class FhirController {
  constructor(private readonly fhir: FhirService) {}

  @Get('metadata')
  @Public()
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'CapabilityStatement: the resources, interactions and search parameters supported' })
  metadata(@Req() request: FastifyRequest): CapabilityStatement {
    return capabilityStatement(fhirBase(request), VERSION);
  }

  @Get('Patient')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Search Patient (_id, identifier, birthdate, _lastUpdated, _count)' })
  searchPatients(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'Patient', searchRequest(request));
  }

  @Get('Patient/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Read a Patient' })
  readPatient(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<FhirResource> {
    return this.fhir.read(actor, 'Patient', id);
  }

  @Get('EpisodeOfCare')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Search EpisodeOfCare (patient, status, date, _lastUpdated, _count)' })
  searchEpisodes(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'EpisodeOfCare', searchRequest(request));
  }

  @Get('EpisodeOfCare/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Read an EpisodeOfCare' })
  readEpisode(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<FhirResource> {
    return this.fhir.read(actor, 'EpisodeOfCare', id);
  }

  @Get('Condition')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({
    summary: 'Search Condition, the episodes’ diagnoses (patient, code, clinical-status, _lastUpdated, _count)',
  })
  searchConditions(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'Condition', searchRequest(request));
  }

  @Get('Condition/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Read a Condition' })
  readCondition(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<FhirResource> {
    return this.fhir.read(actor, 'Condition', id);
  }

  @Get('QuestionnaireResponse')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({
    summary: 'Search QuestionnaireResponse (patient, questionnaire, authored, status, _lastUpdated, _count)',
  })
  searchResponses(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'QuestionnaireResponse', searchRequest(request));
  }

  @Get('QuestionnaireResponse/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Read a QuestionnaireResponse' })
  readResponse(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<FhirResource> {
    return this.fhir.read(actor, 'QuestionnaireResponse', id);
  }

  @Get('Observation')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({
    summary: 'Search Observation: score panels, totals, items (patient, code, date, category, _lastUpdated, _count)',
  })
  searchObservations(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'Observation', searchRequest(request));
  }

  @Get('Observation/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Read an Observation' })
  readObservation(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<FhirResource> {
    return this.fhir.read(actor, 'Observation', id);
  }

  @Get('CarePlan')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Search CarePlan, relapse-prevention plans (patient, status, date, _lastUpdated, _count)' })
  searchCarePlans(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'CarePlan', searchRequest(request));
  }

  @Get('CarePlan/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Read a CarePlan' })
  readCarePlan(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<FhirResource> {
    return this.fhir.read(actor, 'CarePlan', id);
  }

  @Get('Questionnaire')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Search Questionnaire, the instruments (_id, code, url, _count)' })
  searchQuestionnaires(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.searchQuestionnaires(actor, searchRequest(request));
  }

  @Get('Questionnaire/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @Header('Content-Type', FHIR_JSON)
  @ApiOperation({ summary: 'Read a Questionnaire (phq9, phq2, gad7, gad2, pcl5, auditc)' })
  readQuestionnaire(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<FhirResource> {
    return this.fhir.readQuestionnaire(actor, id);
  }

  // Any other type answers a 404 OperationOutcome (instead of the API's JSON 404). It reveals nothing.
  @Get(':type')
  @Public()
  @ApiOperation({ summary: 'Unsupported resource types: 404 OperationOutcome' })
  unsupportedSearch(@Param('type') type: string): never {
    throw unsupported(type);
  }

  @Get(':type/:id')
  @Public()
  @ApiOperation({ summary: 'Unsupported resource types: 404 OperationOutcome' })
  unsupportedRead(@Param('type') type: string): never {
    throw unsupported(type);
  }
}

function unsupported(type: string): FhirError {
  const name = /^[A-Za-z]{1,64}$/.test(type) ? type : 'this resource type';
  return new FhirError(404, 'not-supported', `${name} is not supported by this server (see /fhir/R4/metadata)`);
}
