import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConsultantReviewView, PatientReviewSummary, ReviewAgenda } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { SendsPreparedJson, type PreparedJson } from '../common/prepared-json';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CreateReviewDto } from './dto/create-review.dto';
import { AgendaQueryDto, EpisodeIdParamDto } from './dto/review-params.dto';
import { ConsultantReviewViewDto, PatientReviewSummaryDto, ReviewAgendaDto } from './dto/review-response.dto';
import { ReviewAgendaService } from './review-agenda.service';
import { ReviewRecordService } from './review-record.service';
import { ReviewSummaryService } from './review-summary.service';

@ApiTags('review')
@ApiBearerAuth()
@Controller('review')
export class ReviewController {
  constructor(
    private readonly agendaService: ReviewAgendaService,
    private readonly summaryService: ReviewSummaryService,
    private readonly recordService: ReviewRecordService,
  ) {}

  @Get('agenda')
  @RequirePermission(Permission.REVIEW_READ)
  @ApiOperation({ summary: "The consultant's weekly review agenda, ordered with reasons, and progress" })
  @ApiOkResponse({ type: ReviewAgendaDto })
  @SendsPreparedJson()
  agenda(@CurrentActor() actor: Actor, @Query() query: AgendaQueryDto): Promise<PreparedJson<ReviewAgenda>> {
    return this.agendaService.agendaPrepared(actor, query);
  }

  @Get('patients/:id/summary')
  @RequirePermission(Permission.REVIEW_READ)
  @ApiOperation({
    summary: 'One-screen review summary: scores and trend, flags, last review, open recommendations, care team',
  })
  @ApiOkResponse({ type: PatientReviewSummaryDto })
  summary(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<PatientReviewSummary> {
    return this.summaryService.summary(actor, id);
  }

  @Post('episodes/:episodeId/reviews')
  @RequirePermission(Permission.REVIEW_WRITE)
  @ApiOperation({
    summary: 'Mark the episode reviewed for a week, with structured recommendations (409 if already reviewed)',
  })
  @ApiCreatedResponse({ type: ConsultantReviewViewDto })
  record(
    @CurrentActor() actor: Actor,
    @Param() { episodeId }: EpisodeIdParamDto,
    @Body() body: CreateReviewDto,
  ): Promise<ConsultantReviewView> {
    return this.recordService.record(actor, episodeId, body);
  }
}
