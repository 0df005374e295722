import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { ClinicOverviewDto } from './overview.dto';
import { OverviewService } from './overview.service';

@ApiTags('overview')
@Controller('overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  /** Aggregate counts per clinic; no patient identifiers, so it is public (status page). */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Registry size per clinic (aggregates only, no PHI)' })
  @ApiOkResponse({ type: ClinicOverviewDto, isArray: true })
  list(): Promise<ClinicOverviewDto[]> {
    return this.overview.listClinics();
  }
}
