import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ManualFlagView, PatientFlagsResponse } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CreateManualFlagDto } from './dto/create-manual-flag.dto';
import { ManualFlagViewDto, PatientFlagsResponseDto } from './dto/flag-response.dto';
import { ResolveManualFlagDto } from './dto/resolve-manual-flag.dto';
import { ManualFlagService } from './manual-flag.service';
import { PatientFlagsService } from './patient-flags.service';

@ApiTags('flags')
@ApiBearerAuth()
@Controller()
export class FlagsController {
  constructor(
    private readonly patientFlags: PatientFlagsService,
    private readonly manualFlags: ManualFlagService,
  ) {}

  @Get('patients/:id/flags')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "Computed flags (with evidence) of the patient's open episode plus open manual flags" })
  @ApiOkResponse({ type: PatientFlagsResponseDto })
  list(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<PatientFlagsResponse> {
    return this.patientFlags.forPatient(actor, id);
  }

  @Post('patients/:id/flags')
  @RequirePermission(Permission.FLAG_WRITE)
  @ApiOperation({ summary: 'Raise a manual flag (DISCUSS_WITH_CONSULTANT also requests a consultant review)' })
  @ApiCreatedResponse({ type: ManualFlagViewDto })
  raise(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() body: CreateManualFlagDto,
  ): Promise<ManualFlagView> {
    return this.manualFlags.raise(actor, id, body);
  }

  @Post('flags/:id/resolve')
  @HttpCode(200)
  @RequirePermission(Permission.FLAG_WRITE)
  @ApiOperation({ summary: 'Resolve a manual flag (optimistic lock on version)' })
  @ApiOkResponse({ type: ManualFlagViewDto })
  resolve(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() body: ResolveManualFlagDto,
  ): Promise<ManualFlagView> {
    return this.manualFlags.resolve(actor, id, body);
  }
}
