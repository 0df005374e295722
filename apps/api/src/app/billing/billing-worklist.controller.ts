import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { BillingWorklist } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { EXPORT_CONTENT_TYPE } from '../exports/table-export';
import { BillingWorklistService } from './billing-worklist.service';
import { BillingWorklistDto } from './dto/billing-worklist.dto';
import { MonthQueryDto } from './dto/billing.dto';

@ApiTags('billing')
@ApiBearerAuth()
@RequirePermission(Permission.BILLING_WORKLIST_READ)
@Controller('billing')
export class BillingWorklistController {
  constructor(private readonly worklist: BillingWorklistService) {}

  @Get('worklist')
  @ApiOperation({ summary: "The clinic's CoCM billing worklist for a month: patients, minutes, codes, reasons" })
  @ApiOkResponse({ type: BillingWorklistDto })
  list(@CurrentActor() actor: Actor, @Query() query: MonthQueryDto): Promise<BillingWorklist> {
    return this.worklist.worklist(actor, query.month);
  }

  @Get('worklist.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The billing worklist as CSV (header row, one line per patient)' })
  csv(
    @CurrentActor() actor: Actor,
    @Query() query: MonthQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.header('Content-Disposition', `attachment; filename="cocm-billing-${query.month}.csv"`);
    return this.worklist.csv(actor, query.month);
  }

  @Get('worklist.xlsx')
  @Header('Content-Type', EXPORT_CONTENT_TYPE.xlsx)
  @ApiProduces(EXPORT_CONTENT_TYPE.xlsx)
  @ApiOperation({ summary: 'The billing worklist as an Excel workbook (the CSV columns)' })
  xlsx(
    @CurrentActor() actor: Actor,
    @Query() query: MonthQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    void reply.header('Content-Disposition', `attachment; filename="cocm-billing-${query.month}.xlsx"`);
    return this.worklist.xlsx(actor, query.month);
  }
}
