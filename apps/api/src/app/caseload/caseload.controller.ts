import { Controller, Get, Query } from '@nestjs/common';
import type { CaseloadPage } from '@huddle/shared-types';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { SendsPreparedJson, type PreparedJson } from '../common/prepared-json';
import { CurrentActor, type Actor } from '../common/request-actor';
import { CaseloadService } from './caseload.service';
import { CaseloadPageDto } from './dto/caseload-page.dto';
import { CaseloadQueryDto } from './dto/caseload-query.dto';

@ApiTags('caseload')
@ApiBearerAuth()
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly caseload: CaseloadService) {}

  @Get()
  @RequirePermission(Permission.CASELOAD_READ)
  @ApiOperation({ summary: "A care manager's open episodes with scores, engagement, minutes and flags" })
  @ApiOkResponse({ type: CaseloadPageDto })
  @SendsPreparedJson()
  list(@CurrentActor() actor: Actor, @Query() query: CaseloadQueryDto): Promise<PreparedJson<CaseloadPage>> {
    return this.caseload.listPrepared(actor, query);
  }
}
