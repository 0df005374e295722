import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PatientTimeline } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { PatientTimelineDto, TimelineQueryDto } from './dto/timeline.dto';
import { TimelineService } from './timeline.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients/:id/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({
    summary:
      "The patient's shared timeline, newest first: scores, contacts, reviews, recommendations, medications, flags, status",
  })
  @ApiOkResponse({ type: PatientTimelineDto })
  get(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Query() query: TimelineQueryDto,
  ): Promise<PatientTimeline> {
    return this.timeline.forPatient(actor, id, query);
  }
}
