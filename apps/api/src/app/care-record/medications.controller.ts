import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MedicationEventView, MedicationView } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import {
  ChangeMedicationDto,
  MedicationEventViewDto,
  MedicationViewDto,
  StartMedicationDto,
  StopMedicationDto,
} from './dto/medication.dto';
import { MedicationService } from './medication.service';

@ApiTags('medications')
@ApiBearerAuth()
@Controller()
export class MedicationsController {
  constructor(private readonly medications: MedicationService) {}

  @Get('patients/:id/medications')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "The patient's psychotropic medications with their history, current ones first" })
  @ApiOkResponse({ type: MedicationViewDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<MedicationView[]> {
    return this.medications.list(actor, id);
  }

  @Get('patients/:id/medication-events')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'Every start, dose change and stop of the patient, oldest first (score charts)' })
  @ApiOkResponse({ type: MedicationEventViewDto, isArray: true })
  events(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<MedicationEventView[]> {
    return this.medications.events(actor, id);
  }

  @Post('patients/:id/medications')
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Record a psychotropic medication started' })
  @ApiCreatedResponse({ type: MedicationViewDto })
  start(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: StartMedicationDto,
  ): Promise<MedicationView> {
    return this.medications.start(actor, id, dto);
  }

  @Post('medications/:id/changes')
  @HttpCode(200)
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Record a dose change (send the version you saw)' })
  @ApiOkResponse({ type: MedicationViewDto })
  change(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: ChangeMedicationDto,
  ): Promise<MedicationView> {
    return this.medications.change(actor, id, dto);
  }

  @Post('medications/:id/stop')
  @HttpCode(200)
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Record a medication stopped (send the version you saw)' })
  @ApiOkResponse({ type: MedicationViewDto })
  stop(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: StopMedicationDto,
  ): Promise<MedicationView> {
    return this.medications.stop(actor, id, dto);
  }
}
