import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProblemView, VitalsView } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { AddProblemDto, RecordLabDto, ResolveProblemDto } from './dto/problem-list.dto';
import { ProblemListService } from './problem-list.service';

@ApiTags('problem-list')
@ApiBearerAuth()
@Controller()
export class ProblemListController {
  constructor(private readonly problemList: ProblemListService) {}

  @Get('patients/:id/problems')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({
    summary: 'Problem list (ICD-10-CM, chronic conditions flagged) with the latest HbA1c and blood pressure',
  })
  list(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
  ): Promise<{ problems: ProblemView[]; vitals: VitalsView }> {
    return this.problemList.list(actor, id);
  }

  @Post('patients/:id/problems')
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Add a problem (ICD-10-CM code and text, optional onset)' })
  add(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto, @Body() dto: AddProblemDto): Promise<ProblemView> {
    return this.problemList.add(actor, id, dto);
  }

  @Post('problems/:id/resolve')
  @HttpCode(200)
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Mark a problem resolved (send the version you saw)' })
  resolve(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: ResolveProblemDto,
  ): Promise<ProblemView> {
    return this.problemList.resolve(actor, id, dto);
  }

  @Post('patients/:id/labs')
  @RequirePermission(Permission.CARE_RECORD_WRITE)
  @ApiOperation({ summary: 'Record an HbA1c or a blood pressure; answers the latest values' })
  recordLab(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: RecordLabDto,
  ): Promise<VitalsView> {
    return this.problemList.recordLab(actor, id, dto);
  }
}
