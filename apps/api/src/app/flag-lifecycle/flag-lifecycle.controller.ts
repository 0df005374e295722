import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PatientFlagHistory, RecordRevisionView, SafetyFollowUpView } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CorrectionsService } from './corrections.service';
import { CorrectAssessmentDto, CorrectContactDto, EnteredInErrorDto } from './dto/correction.dto';
import { CreateSafetyFollowUpDto } from './dto/safety-follow-up.dto';
import { FlagHistoryService } from './flag-history.service';
import { SafetyFollowUpService } from './safety-follow-up.service';

/** Flag lifecycle (safety follow-ups, flag history) and corrections of scores and contacts (issue #11). */
@ApiTags('flag lifecycle')
@ApiBearerAuth()
@Controller()
export class FlagLifecycleController {
  constructor(
    private readonly followUps: SafetyFollowUpService,
    private readonly history: FlagHistoryService,
    private readonly corrections: CorrectionsService,
  ) {}

  @Post('patients/:id/safety-follow-ups')
  @RequirePermission(Permission.FLAG_WRITE)
  @ApiOperation({ summary: 'Document a safety follow-up (clears SAFETY and open safety concerns)' })
  @ApiCreatedResponse({ description: 'The follow-up and what it resolved' })
  createFollowUp(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: CreateSafetyFollowUpDto,
  ): Promise<SafetyFollowUpView> {
    return this.followUps.create(actor, id, dto);
  }

  @Get('patients/:id/safety-follow-ups')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: "A patient's safety follow-ups, newest first" })
  listFollowUps(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<SafetyFollowUpView[]> {
    return this.followUps.list(actor, id);
  }

  @Get('patients/:id/flag-history')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'Flags raised and how they were cleared (who, evidence), newest first' })
  @ApiOkResponse({ description: 'PatientFlagHistory' })
  flagHistory(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<PatientFlagHistory> {
    return this.history.forPatient(actor, id);
  }

  @Get('patients/:id/revisions')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'Originals of corrected or entered-in-error scores and contacts, newest first' })
  revisions(@CurrentActor() actor: Actor, @Param() { id }: UuidParamDto): Promise<RecordRevisionView[]> {
    return this.corrections.list(actor, id);
  }

  @Put('assessments/:id')
  @RequirePermission(Permission.RECORD_CORRECT)
  @ApiOperation({ summary: 'Correct a score (rescored; the original is kept)' })
  correctAssessment(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: CorrectAssessmentDto,
  ): Promise<RecordRevisionView> {
    return this.corrections.correctAssessment(actor, id, dto);
  }

  @Post('assessments/:id/entered-in-error')
  @HttpCode(200)
  @RequirePermission(Permission.RECORD_CORRECT)
  @ApiOperation({ summary: 'Mark a score entered in error (removed from measures; the original is kept)' })
  assessmentEnteredInError(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: EnteredInErrorDto,
  ): Promise<RecordRevisionView> {
    return this.corrections.assessmentEnteredInError(actor, id, dto);
  }

  @Put('contacts/:id')
  @RequirePermission(Permission.CONTACT_WRITE)
  @ApiOperation({ summary: 'Correct a contact with a reason (the original is kept)' })
  correctContact(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: CorrectContactDto,
  ): Promise<RecordRevisionView> {
    return this.corrections.correctContact(actor, id, dto);
  }

  @Post('contacts/:id/entered-in-error')
  @HttpCode(200)
  @RequirePermission(Permission.CONTACT_WRITE)
  @ApiOperation({ summary: 'Mark a contact entered in error (its minutes no longer count; the original is kept)' })
  contactEnteredInError(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: EnteredInErrorDto,
  ): Promise<RecordRevisionView> {
    return this.corrections.contactEnteredInError(actor, id, dto);
  }
}
