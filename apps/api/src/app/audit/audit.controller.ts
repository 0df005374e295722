import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditEventPage } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { AuditReadService } from './audit-read.service';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditEventPageDto } from './dto/audit-event.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly reads: AuditReadService) {}

  /** The caller's clinic's audit log, newest first (admins). Reading it is itself audited. */
  @Get()
  @RequirePermission(Permission.AUDIT_READ)
  @ApiOkResponse({ type: AuditEventPageDto })
  search(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<AuditEventPage> {
    return this.reads.search(actor, query);
  }
}
