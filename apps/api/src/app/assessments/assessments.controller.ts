import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AssessmentRecord } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { AssessmentsService } from './assessments.service';
import { AssessmentRecordDto, CreateAssessmentDto, ListAssessmentsQueryDto } from './dto/assessment.dto';

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('patients/:id/assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @RequirePermission(Permission.ASSESSMENT_WRITE)
  @ApiOperation({ summary: 'Record a scale (PHQ-9, GAD-7, …), scored on write' })
  @ApiCreatedResponse({ type: AssessmentRecordDto })
  create(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: CreateAssessmentDto,
  ): Promise<AssessmentRecord> {
    return this.assessments.create(actor, params.id, dto);
  }

  @Get()
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "A patient's scales with item-level answers, newest first" })
  @ApiOkResponse({ type: AssessmentRecordDto, isArray: true })
  list(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Query() query: ListAssessmentsQueryDto,
  ): Promise<AssessmentRecord[]> {
    return this.assessments.list(actor, params.id, query);
  }
}
