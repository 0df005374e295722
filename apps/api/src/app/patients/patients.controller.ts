import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, PatientDetail, PatientSummary } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { PatientDetailDto, PatientPageDto } from './dto/patient.dto';
import { CreatePatientDto, ListPatientsQueryDto, UpdatePatientDto } from './dto/patient-requests.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @RequirePermission(Permission.PATIENT_WRITE)
  @ApiOperation({ summary: 'Register a patient with a first, referred episode' })
  @ApiCreatedResponse({ type: PatientDetailDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePatientDto): Promise<PatientDetail> {
    return this.patients.create(actor, dto);
  }

  @Get()
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'Patients in your scope, searched by name or MRN, paginated' })
  @ApiOkResponse({ type: PatientPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListPatientsQueryDto): Promise<Page<PatientSummary>> {
    return this.patients.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'A patient with their episodes' })
  @ApiOkResponse({ type: PatientDetailDto })
  get(@CurrentActor() actor: Actor, @Param() params: UuidParamDto): Promise<PatientDetail> {
    return this.patients.get(actor, params.id);
  }

  @Patch(':id')
  @RequirePermission(Permission.PATIENT_WRITE)
  @ApiOperation({ summary: 'Edit demographics (send the version you edited)' })
  @ApiOkResponse({ type: PatientDetailDto })
  update(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: UpdatePatientDto,
  ): Promise<PatientDetail> {
    return this.patients.update(actor, params.id, dto);
  }
}
