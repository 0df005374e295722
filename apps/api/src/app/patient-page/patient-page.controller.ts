import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PatientPageView } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { PatientPageViewDto, PatientPageQueryDto } from './dto/patient-page.dto';
import { PatientPageService } from './patient-page.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientPageController {
  constructor(private readonly pages: PatientPageService) {}

  @Get(':id/page')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'Everything the patient page shows, in one request, scoped and audited once' })
  @ApiOkResponse({ type: PatientPageViewDto })
  page(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Query() query: PatientPageQueryDto,
  ): Promise<PatientPageView> {
    return this.pages.page(actor, params.id, query.month);
  }
}
