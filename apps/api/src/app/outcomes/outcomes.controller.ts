import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BillingSummary, OutcomeTrends, ProgramMetrics, QualityMeasures } from '@huddle/shared-types';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { AsOfQueryDto, BillingQueryDto, OutcomeTrendsQueryDto } from './outcomes.dto';
import { OutcomesService } from './outcomes.service';

@ApiTags('outcomes')
@ApiBearerAuth()
@RequirePermission(Permission.OUTCOMES_READ)
@Controller('outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get('trends')
  @ApiOperation({ summary: 'Monthly response, remission and improvement rates, clinic and per care manager' })
  trends(@CurrentUser() user: AuthUser, @Query() query: OutcomeTrendsQueryDto): Promise<OutcomeTrends> {
    return this.outcomes.trends(user, query.months, query.includePartialMonth === 'true');
  }

  @Get('program')
  @ApiOperation({ summary: 'NYS-style program metrics and caseload sizes' })
  program(@CurrentUser() user: AuthUser, @Query() query: AsOfQueryDto): Promise<ProgramMetrics> {
    return this.outcomes.program(user, query.asOf);
  }

  @Get('quality')
  @ApiOperation({ summary: 'HEDIS DRR-E, CMS159 and CBE 1885 (aggregate counts)' })
  quality(@CurrentUser() user: AuthUser, @Query() query: AsOfQueryDto): Promise<QualityMeasures> {
    return this.outcomes.quality(user, query.asOf);
  }

  @Get('billing')
  @ApiOperation({ summary: 'CoCM billing summary for a month: patients per eligible code' })
  billing(@CurrentUser() user: AuthUser, @Query() query: BillingQueryDto): Promise<BillingSummary> {
    return this.outcomes.billing(user, query.month);
  }
}
