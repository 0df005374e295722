import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  HandoffClinician,
  OrganisationSummary,
  ScreeningLeadershipSummary,
  ScreeningVisitRecord,
  UtilizationByCohort,
  UtilizationEventRecord,
} from '@huddle/shared-types';
import type { ScreeningSettings } from '@huddle/scoring';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import {
  CreateReferralDto,
  CreateScreeningDto,
  ScreeningSettingsDto,
  ScreeningYearQueryDto,
  UpdateFollowUpPlanDto,
} from './dto/screening.dto';
import { CreateUtilizationDto } from './dto/utilization.dto';
import { OrganisationService } from './organisation.service';
import { ScreeningLeadershipService } from './screening-leadership.service';
import { ScreeningService } from './screening.service';
import { UtilizationService } from './utilization.service';

@ApiTags('screening')
@ApiBearerAuth()
@Controller()
export class ScreeningController {
  constructor(
    private readonly screening: ScreeningService,
    private readonly leadership: ScreeningLeadershipService,
    private readonly utilization: UtilizationService,
    private readonly organisation: OrganisationService,
  ) {}

  @Post('patients/:id/screenings')
  @RequirePermission(Permission.SCREENING_WRITE)
  @ApiOperation({ summary: 'Record a screening visit: PHQ-2/GAD-2 (→ PHQ-9/GAD-7), AUDIT-C, PC-PTSD-5 (→ PCL-5)' })
  create(
    @CurrentActor() actor: Actor,
    @Param() p: UuidParamDto,
    @Body() dto: CreateScreeningDto,
  ): Promise<ScreeningVisitRecord> {
    return this.screening.create(actor, p.id, dto);
  }

  @Get('patients/:id/screenings')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "A patient's screening visits with referral and days to first contact and enrolment" })
  list(@CurrentActor() actor: Actor, @Param() p: UuidParamDto): Promise<ScreeningVisitRecord[]> {
    return this.screening.list(actor, p.id);
  }

  @Post('screenings/:id/follow-up-plan')
  @RequirePermission(Permission.SCREENING_WRITE)
  @ApiOperation({
    summary: 'Document the follow-up plan of a positive depression screen (a handout alone does not count)',
  })
  followUpPlan(
    @CurrentActor() actor: Actor,
    @Param() p: UuidParamDto,
    @Body() dto: UpdateFollowUpPlanDto,
  ): Promise<ScreeningVisitRecord> {
    return this.screening.setFollowUpPlan(actor, p.id, dto);
  }

  @Get('screening/handoff-clinicians')
  @RequirePermission(Permission.SCREENING_WRITE)
  @ApiOperation({
    summary: "Who may take a warm handoff: the clinic's active care managers and consultants (names and ids)",
  })
  handoffClinicians(@CurrentActor() actor: Actor): Promise<HandoffClinician[]> {
    return this.screening.handoffClinicians(actor);
  }

  @Post('screenings/:id/referral')
  @RequirePermission(Permission.SCREENING_WRITE)
  @ApiOperation({ summary: 'Refer a positive screen to behavioural health, with the warm handoff and who took it' })
  refer(
    @CurrentActor() actor: Actor,
    @Param() p: UuidParamDto,
    @Body() dto: CreateReferralDto,
  ): Promise<ScreeningVisitRecord> {
    return this.screening.refer(actor, p.id, dto);
  }

  @Get('screening/settings')
  @RequirePermission(Permission.CLINIC_READ)
  @ApiOperation({ summary: "The clinic's screening cut-offs (AUDIT-C, PC-PTSD-5)" })
  settings(@CurrentActor() actor: Actor): Promise<ScreeningSettings> {
    return this.screening.settings(actor);
  }

  @Put('screening/settings')
  @RequirePermission(Permission.CLINIC_ADMIN)
  @ApiOperation({ summary: "Change the clinic's screening cut-offs" })
  updateSettings(@CurrentActor() actor: Actor, @Body() dto: ScreeningSettingsDto): Promise<ScreeningSettings> {
    return this.screening.updateSettings(actor, dto);
  }

  @Get('screening/summary')
  @RequirePermission(Permission.OUTCOMES_READ)
  @ApiOperation({ summary: 'Screening per month, CMS2 and warm handoffs for a calendar year (aggregates only)' })
  summary(@CurrentActor() actor: Actor, @Query() q: ScreeningYearQueryDto): Promise<ScreeningLeadershipSummary> {
    return this.leadership.summary(actor, q.year);
  }

  @Post('patients/:id/utilization')
  @RequirePermission(Permission.UTILIZATION_WRITE)
  @ApiOperation({ summary: 'Enter an ED visit or a hospital admission' })
  createUtilization(
    @CurrentActor() actor: Actor,
    @Param() p: UuidParamDto,
    @Body() dto: CreateUtilizationDto,
  ): Promise<UtilizationEventRecord> {
    return this.utilization.create(actor, p.id, dto);
  }

  @Get('patients/:id/utilization')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "A patient's ED visits and admissions, newest first" })
  listUtilization(@CurrentActor() actor: Actor, @Param() p: UuidParamDto): Promise<UtilizationEventRecord[]> {
    return this.utilization.list(actor, p.id);
  }

  @Get('utilization/by-cohort')
  @RequirePermission(Permission.OUTCOMES_READ)
  @ApiOperation({ summary: 'ED-visit and 30-day readmission rates with vs without each chronic condition' })
  byCohort(@CurrentActor() actor: Actor, @Query() q: ScreeningYearQueryDto): Promise<UtilizationByCohort> {
    return this.leadership.utilizationByCohort(actor, q.year);
  }

  @Get('organisation/summary')
  @RequirePermission(Permission.ORGANISATION_READ)
  @ApiOperation({ summary: "Every clinic of the caller's organisation side by side (aggregates only)" })
  organisationSummary(@CurrentActor() actor: Actor, @Query() q: ScreeningYearQueryDto): Promise<OrganisationSummary> {
    return this.organisation.summary(actor, q.year);
  }
}
