import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { Cms159Summary } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { Cms159Service } from './cms159.service';

export class Cms159SummaryQueryDto {
  @ApiProperty({ example: 2026, description: 'Measurement period: this calendar year (January 1 – December 31)' })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year!: number;
}

/** Huddle's CMS159 per the eCQM's own definitions for leadership: counts per stratum (issue #15). */
@ApiTags('outcomes')
@ApiBearerAuth()
@RequirePermission(Permission.OUTCOMES_READ)
@Controller('outcomes')
export class Cms159SummaryController {
  constructor(private readonly cms159: Cms159Service) {}

  @Get('cms159')
  @ApiOperation({
    summary:
      "CMS159 (eCQM definitions, as $evaluate-measure) over the caller's clinic for a calendar year: initial population, denominator, exclusions, numerator per stratum",
  })
  summary(@CurrentActor() actor: Actor, @Query() query: Cms159SummaryQueryDto): Promise<Cms159Summary> {
    return this.cms159.clinicSummary(actor, query.year);
  }
}
