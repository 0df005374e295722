import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  KioskCode,
  SelfReportContact,
  SelfReportEpisodeState,
  SelfReportLinkSent,
  SelfReportSettings,
  SelfReportStatusRow,
} from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import {
  CreateKioskCodeDto,
  KioskCodeDto,
  RedeemKioskCodeDto,
  SelfReportContactDto,
  SelfReportContactResponseDto,
  SelfReportEpisodeStateDto,
  SelfReportLinkSentDto,
  SelfReportSettingsDto,
  SelfReportStatesQueryDto,
  SelfReportStatusQueryDto,
  SelfReportStatusRowDto,
  SelfReportTokenDto,
  SendSelfReportLinkDto,
} from './dto/self-report.dto';
import { SelfReportFormService } from './self-report-form.service';
import { SelfReportService } from './self-report.service';

/** Staff and kiosk routes of patient self-report (issue #16). */
@ApiTags('self-report')
@ApiBearerAuth()
@Controller()
export class SelfReportController {
  constructor(
    private readonly selfReport: SelfReportService,
    private readonly forms: SelfReportFormService,
  ) {}

  @Post('patients/:id/self-report-links')
  @RequirePermission(Permission.SELF_REPORT_SEND)
  @ApiOperation({ summary: 'Send the patient a one-time link to the self-report form (email or SMS)' })
  @ApiCreatedResponse({ type: SelfReportLinkSentDto })
  sendLink(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: SendSelfReportLinkDto,
  ): Promise<SelfReportLinkSent> {
    return this.selfReport.sendLink(actor, params.id, dto);
  }

  @Get('patients/:id/self-report-contact')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "Where the patient's self-report links go" })
  @ApiOkResponse({ type: SelfReportContactResponseDto })
  contact(@CurrentActor() actor: Actor, @Param() params: UuidParamDto): Promise<SelfReportContact> {
    return this.selfReport.contact(actor, params.id);
  }

  @Put('patients/:id/self-report-contact')
  @RequirePermission(Permission.PATIENT_WRITE)
  @ApiOperation({ summary: "Set the patient's self-report email and mobile number (null clears)" })
  @ApiOkResponse({ type: SelfReportContactResponseDto })
  saveContact(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: SelfReportContactDto,
  ): Promise<SelfReportContact> {
    return this.selfReport.saveContact(actor, params.id, dto);
  }

  @Post('patients/:id/kiosk-codes')
  @RequirePermission(Permission.SELF_REPORT_SEND)
  @ApiOperation({ summary: "A short one-time code for the clinic's kiosk (shown once)" })
  @ApiCreatedResponse({ type: KioskCodeDto })
  createKioskCode(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: CreateKioskCodeDto,
  ): Promise<KioskCode> {
    return this.selfReport.createKioskCode(actor, params.id, dto);
  }

  @Post('kiosk/redeem')
  @HttpCode(200)
  @RequirePermission(Permission.KIOSK_USE)
  @ApiOperation({ summary: "The kiosk exchanges a patient's code for a token that opens the form once" })
  @ApiOkResponse({ type: SelfReportTokenDto })
  redeem(@CurrentActor() actor: Actor, @Body() dto: RedeemKioskCodeDto): Promise<{ token: string }> {
    return this.forms.redeemKioskCode(actor, dto);
  }

  @Get('self-report/status')
  @RequirePermission(Permission.CASELOAD_READ)
  @ApiOperation({
    summary: "Measurement schedule of the caller's open episodes; missing=true (default): the due-and-missing worklist",
  })
  @ApiOkResponse({ type: SelfReportStatusRowDto, isArray: true })
  status(@CurrentActor() actor: Actor, @Query() query: SelfReportStatusQueryDto): Promise<SelfReportStatusRow[]> {
    return this.selfReport.status(actor, query.missing ?? true);
  }

  @Get('self-report/states')
  @RequirePermission(Permission.CASELOAD_READ)
  @ApiOperation({
    summary:
      'Self-report state (scheduled, due, sent, overdue, completed) of the given open episodes: the caseload badges',
  })
  @ApiOkResponse({ type: SelfReportEpisodeStateDto, isArray: true })
  states(@CurrentActor() actor: Actor, @Query() query: SelfReportStatesQueryDto): Promise<SelfReportEpisodeState[]> {
    return this.selfReport.states(actor, [...new Set(query.episodeIds)]);
  }

  @Get('self-report/settings')
  @RequirePermission(Permission.CLINIC_READ)
  @ApiOperation({ summary: "The clinic's self-report schedule and safety contact" })
  @ApiOkResponse({ type: SelfReportSettingsDto })
  settings(@CurrentActor() actor: Actor): Promise<SelfReportSettings> {
    return this.selfReport.settings(actor);
  }

  @Put('self-report/settings')
  @RequirePermission(Permission.CLINIC_ADMIN)
  @ApiOperation({ summary: "Change the clinic's self-report settings (bounds from libs/scoring)" })
  @ApiOkResponse({ type: SelfReportSettingsDto })
  saveSettings(@CurrentActor() actor: Actor, @Body() dto: SelfReportSettingsDto): Promise<SelfReportSettings> {
    return this.selfReport.saveSettings(actor, dto);
  }
}
