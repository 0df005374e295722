import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { CaseloadExportQueryDto, OutcomesExportQueryDto } from './export-query.dto';
import { ExportsService } from './exports.service';
import { EXPORT_CONTENT_TYPE, type ExportFormat } from './table-export';

/**
 * CSV and Excel downloads of the caseload and outcomes (issue #15); the billing worklist's are in billing/.
 * `Cache-Control: no-store` comes from the global hook (configure-app.ts), as for every API answer.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('caseload/export')
  @RequirePermission(Permission.CASELOAD_READ)
  @ApiProduces(EXPORT_CONTENT_TYPE.csv, EXPORT_CONTENT_TYPE.xlsx)
  @ApiOperation({ summary: 'The caseload (its filters and sort, every page) as CSV or Excel' })
  async caseload(
    @CurrentActor() actor: Actor,
    @Query() query: CaseloadExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const format = query.format ?? 'csv';
    const { name, body } = await this.exports.caseload(actor, query, format);
    send(reply, format, name);
    return body;
  }

  @Get('outcomes/export')
  @RequirePermission(Permission.OUTCOMES_READ)
  @ApiProduces(EXPORT_CONTENT_TYPE.csv, EXPORT_CONTENT_TYPE.xlsx)
  @ApiOperation({ summary: 'Outcome trends and quality measures (aggregates) as CSV or Excel' })
  async outcomes(
    @CurrentActor() actor: Actor,
    @Query() query: OutcomesExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const format = query.format ?? 'csv';
    const { name, body } = await this.exports.outcomes(actor, query.asOf, format);
    send(reply, format, name);
    return body;
  }
}

function send(reply: FastifyReply, format: ExportFormat, name: string): void {
  void reply
    .header('Content-Type', EXPORT_CONTENT_TYPE[format])
    .header('Content-Disposition', `attachment; filename="${name}.${format}"`);
}
