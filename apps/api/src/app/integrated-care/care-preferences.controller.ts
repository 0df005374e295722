import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CarePreferencesView } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CarePreferencesService } from './care-preferences.service';
import { SaveCarePreferencesDto } from './dto/care-preferences.dto';

@ApiTags('care-preferences')
@ApiBearerAuth()
@Controller('patients/:id/care-preferences')
export class CarePreferencesController {
  constructor(private readonly preferences: CarePreferencesService) {}

  @Get()
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "The patient's trauma-informed care preferences (version 0: none recorded)" })
  get(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<CarePreferencesView> {
    return this.preferences.get(actor, id);
  }

  @Put()
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Save the care preferences (send the version you saw; 0 for the first)' })
  save(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: SaveCarePreferencesDto,
  ): Promise<CarePreferencesView> {
    return this.preferences.save(actor, id, dto);
  }
}
