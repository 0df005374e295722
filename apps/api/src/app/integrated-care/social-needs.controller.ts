import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PatientSocialNeeds, SocialNeedView } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { RecordSocialNeedsScreeningDto, UpdateSocialNeedDto } from './dto/social-needs.dto';
import { SocialNeedsService } from './social-needs.service';

@ApiTags('social-needs')
@ApiBearerAuth()
@Controller()
export class SocialNeedsController {
  constructor(private readonly socialNeeds: SocialNeedsService) {}

  @Get('patients/:id/social-needs')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "The patient's social needs (unresolved first) and AHC HRSN screens" })
  list(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<PatientSocialNeeds> {
    return this.socialNeeds.list(actor, id);
  }

  @Post('patients/:id/social-needs/screenings')
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Record an AHC HRSN screen; each positive domain opens a need' })
  screen(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: RecordSocialNeedsScreeningDto,
  ): Promise<PatientSocialNeeds> {
    return this.socialNeeds.screen(actor, id, dto);
  }

  @Post('social-needs/:id/progress')
  @HttpCode(200)
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: "Move a need's community-resource referral on: referred → connected → resolved" })
  progress(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: UpdateSocialNeedDto,
  ): Promise<SocialNeedView> {
    return this.socialNeeds.progress(actor, id, dto);
  }
}
