import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MonthlyBillingReport, PatientMonthlyBilling } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { BillingService } from './billing.service';
import { MonthlyBillingReportDto, MonthQueryDto, PatientMonthlyBillingDto } from './dto/billing.dto';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Get('patients/:id/billing')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "A patient's CoCM minutes and eligible codes for a month" })
  @ApiOkResponse({ type: PatientMonthlyBillingDto })
  forPatient(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Query() query: MonthQueryDto,
  ): Promise<PatientMonthlyBilling> {
    return this.billing.forPatient(actor, params.id, query.month);
  }

  @Get('billing/monthly')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'CoCM minutes and codes per patient in your scope for a month' })
  @ApiOkResponse({ type: MonthlyBillingReportDto })
  monthly(@CurrentActor() actor: Actor, @Query() query: MonthQueryDto): Promise<MonthlyBillingReport> {
    return this.billing.monthly(actor, query.month);
  }
}
