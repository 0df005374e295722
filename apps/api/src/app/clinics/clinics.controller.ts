import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClinicSettings } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { ClinicsService } from './clinics.service';
import { ClinicSettingsDto, UpdateClinicDto } from './dto/clinic-settings.dto';

@ApiTags('clinics')
@ApiBearerAuth()
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Get('current')
  @RequirePermission(Permission.CLINIC_READ)
  @ApiOperation({ summary: "The caller's clinic: name, time zone, flag thresholds" })
  @ApiOkResponse({ type: ClinicSettingsDto })
  current(@CurrentActor() actor: Actor): Promise<ClinicSettings> {
    return this.clinics.current(actor);
  }

  @Patch('current')
  @RequirePermission(Permission.CLINIC_ADMIN)
  @ApiOperation({ summary: 'Change name, time zone or flag thresholds (admin; send the version you edited)' })
  @ApiOkResponse({ type: ClinicSettingsDto })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateClinicDto): Promise<ClinicSettings> {
    return this.clinics.update(actor, dto);
  }
}
