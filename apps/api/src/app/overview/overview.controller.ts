import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { ClinicOverviewDto } from './overview.dto';
import { OverviewService } from './overview.service';

@ApiTags('overview')
@Controller('overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  /** Aggregate counts of the caller's clinic only; signed-in staff only (issue #14 item 7). */
  @Get()
  @RequirePermission(Permission.CLINIC_READ)
  @ApiOperation({ summary: "Registry size of the caller's clinic (aggregates only, no PHI)" })
  @ApiOkResponse({ type: ClinicOverviewDto, isArray: true })
  list(@CurrentUser() user: AuthUser): Promise<ClinicOverviewDto[]> {
    return this.overview.listClinics(user.clinicId);
  }
}
