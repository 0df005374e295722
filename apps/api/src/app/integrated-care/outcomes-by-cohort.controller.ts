import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CohortOutcome } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { OutcomesByCohortService } from './outcomes-by-cohort.service';

@ApiTags('outcomes')
@ApiBearerAuth()
@Controller('outcomes/by-cohort')
export class OutcomesByCohortController {
  constructor(private readonly outcomes: OutcomesByCohortService) {}

  @Get()
  @RequirePermission(Permission.OUTCOMES_READ)
  @ApiOperation({ summary: 'PHQ-9 remission and response of episodes with vs without each chronic condition' })
  get(@CurrentActor() actor: Actor): Promise<CohortOutcome[]> {
    return this.outcomes.byCohort(actor);
  }
}
