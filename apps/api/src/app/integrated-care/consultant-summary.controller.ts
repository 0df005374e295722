import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConsultantSummary } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { ConsultantSummaryService } from './consultant-summary.service';

@ApiTags('consultant-summary')
@ApiBearerAuth()
@Controller('patients/:id/summary')
export class ConsultantSummaryController {
  constructor(private readonly summary: ConsultantSummaryService) {}

  @Get()
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({
    summary:
      "The consultant's one-screen summary: scores, medications, problems, HbA1c/BP, open social needs, preferences",
  })
  get(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<ConsultantSummary> {
    return this.summary.of(actor, id);
  }
}
