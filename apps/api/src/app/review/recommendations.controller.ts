import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConsultantReviewView, RecommendationInboxItem, RecommendationView } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { ConsultantReviewViewDto, RecommendationInboxItemDto, RecommendationViewDto } from './dto/review-response.dto';
import { UpdateRecommendationStatusDto } from './dto/update-recommendation-status.dto';
import { RecommendationService } from './recommendation.service';

@ApiTags('review')
@ApiBearerAuth()
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationService) {}

  @Get('recommendations/inbox')
  @RequirePermission(Permission.RECOMMENDATION_UPDATE)
  @ApiOperation({ summary: "The PCP's inbox: new recommendations for their patients, oldest first" })
  @ApiOkResponse({ type: RecommendationInboxItemDto, isArray: true })
  inbox(@CurrentActor() actor: Actor): Promise<RecommendationInboxItem[]> {
    return this.recommendations.inbox(actor);
  }

  @Patch('recommendations/:id/status')
  @RequirePermission(Permission.RECOMMENDATION_UPDATE)
  @ApiOperation({
    summary: 'Move a recommendation along new → accepted | declined (PCP) → implemented (optimistic lock)',
  })
  @ApiOkResponse({ type: RecommendationViewDto })
  updateStatus(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() body: UpdateRecommendationStatusDto,
  ): Promise<RecommendationView> {
    return this.recommendations.updateStatus(actor, id, body);
  }

  @Get('patients/:id/recommendations')
  @RequirePermission(Permission.REVIEW_READ)
  @ApiOperation({ summary: "All consultant recommendations of the patient's episodes, newest first" })
  @ApiOkResponse({ type: RecommendationViewDto, isArray: true })
  list(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<RecommendationView[]> {
    return this.recommendations.forPatient(actor, id);
  }

  @Get('patients/:id/reviews')
  @RequirePermission(Permission.REVIEW_READ)
  @ApiOperation({
    summary: "All consultant reviews of the patient's episodes with their recommendations, newest first",
  })
  @ApiOkResponse({ type: ConsultantReviewViewDto, isArray: true })
  reviews(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<ConsultantReviewView[]> {
    return this.recommendations.reviewsForPatient(actor, id);
  }
}
