import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RelapsePreventionPlanResponse } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { RelapsePreventionPlanResponseDto, SaveRelapsePreventionPlanDto } from './dto/relapse-plan.dto';
import { RelapsePlanService } from './relapse-plan.service';

@ApiTags('episodes')
@ApiBearerAuth()
@Controller('episodes/:id/relapse-prevention-plan')
export class RelapsePlanController {
  constructor(private readonly plans: RelapsePlanService) {}

  @Get()
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "The episode's relapse-prevention plan (`plan` null until first saved)" })
  @ApiOkResponse({ type: RelapsePreventionPlanResponseDto })
  get(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<RelapsePreventionPlanResponse> {
    return this.plans.get(actor, id);
  }

  @Put()
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Save the whole plan (leave out version the first time, then send the one you edited)' })
  @ApiOkResponse({ type: RelapsePreventionPlanResponseDto })
  save(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: SaveRelapsePreventionPlanDto,
  ): Promise<RelapsePreventionPlanResponse> {
    return this.plans.save(actor, id, dto);
  }
}
