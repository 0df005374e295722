import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  SelfReportChannel,
  SelfReportInstrumentId,
  SelfReportLanguage,
  SelfReportState,
  type CreateKioskCodeRequest,
  type EpisodeStatus,
  type KioskCode,
  type OpenSelfReportRequest,
  type RedeemKioskCodeRequest,
  type SelfReportContact,
  type SelfReportContactRequest,
  type SelfReportEpisodeState,
  type SelfReportForm,
  type SelfReportLinkSent,
  type SelfReportSettings,
  type SelfReportStatusRow,
  type SelfReportSubmitted,
  type SendSelfReportLinkRequest,
  type SubmitSelfReportRequest,
} from '@huddle/shared-types';
import { IsOptionalNotNull, IsOptionalOrNull, IsRequiredOrNull, Trim } from '../../common/validation';

const INSTRUMENTS = Object.values(SelfReportInstrumentId);
const LANGUAGES = Object.values(SelfReportLanguage);
const CHANNELS = Object.values(SelfReportChannel);
const E164 = /^\+[1-9]\d{6,14}$/;

const instrumentList = (): PropertyDecorator =>
  applyDecorators(
    IsArray({ message: 'instruments must be a list' }),
    ArrayMinSize(1, { message: 'instruments must name at least one instrument' }),
    ArrayMaxSize(INSTRUMENTS.length, { message: `instruments must name at most ${INSTRUMENTS.length} instruments` }),
    ArrayUnique({ message: 'instruments must not repeat an instrument' }),
    IsIn(INSTRUMENTS, { each: true, message: `instruments must each be one of ${INSTRUMENTS.join(', ')}` }),
  );

export class SendSelfReportLinkDto implements SendSelfReportLinkRequest {
  @ApiProperty({ enum: INSTRUMENTS, isArray: true, example: ['PHQ9'] })
  @instrumentList()
  instruments!: SelfReportInstrumentId[];

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel!: SelfReportChannel;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptionalNotNull()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: SelfReportLanguage;

  @ApiPropertyOptional({ description: "Saved as the patient's self-report email" })
  @IsOptionalNotNull()
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'E.164 mobile number, saved', example: '+12125550123' })
  @IsOptionalNotNull()
  @Trim()
  @Matches(E164, { message: 'phone must be an E.164 number such as +12125550123' })
  phone?: string;
}

export class SelfReportLinkSentDto implements SelfReportLinkSent {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: SelfReportChannel;
  @ApiProperty({ enum: INSTRUMENTS, isArray: true }) instruments!: SelfReportInstrumentId[];
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ enum: ['sent', 'queued'] }) delivery!: 'sent' | 'queued';
}

export class SelfReportContactDto implements SelfReportContactRequest {
  // Both required (null clears): a PUT that names neither used to clear both silently (issue #14).
  @ApiProperty({ nullable: true, type: String })
  @IsRequiredOrNull()
  @Trim()
  @IsEmail({}, { message: 'email must be an email address or null' })
  @MaxLength(254)
  email!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '+12125550123' })
  @IsRequiredOrNull()
  @Trim()
  @Matches(E164, { message: 'phone must be an E.164 number such as +12125550123, or null' })
  phone!: string | null;
}

export class SelfReportContactResponseDto implements SelfReportContact {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ description: 'SMS links can be sent (SMS_PROVIDER configured)' }) smsAvailable!: boolean;
  @ApiProperty({ description: 'Email links can be sent (SMTP_URL configured)' }) emailAvailable!: boolean;
}

export class CreateKioskCodeDto implements CreateKioskCodeRequest {
  @ApiProperty({ enum: INSTRUMENTS, isArray: true, example: ['PHQ9'] })
  @instrumentList()
  instruments!: SelfReportInstrumentId[];

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptionalNotNull()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: SelfReportLanguage;
}

export class KioskCodeDto implements KioskCode {
  @ApiProperty({ example: 'K7PD4QX2' }) code!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class RedeemKioskCodeDto implements RedeemKioskCodeRequest {
  @ApiProperty({ example: 'K7PD4QX2' })
  @IsString({ message: 'code must be a string' })
  @Matches(/^[A-Za-z0-9 -]{6,12}$/, { message: 'code must be the 8-character code from the front desk' })
  code!: string;
}

export class SelfReportTokenDto {
  @ApiProperty({ description: 'Opens the form once (POST /api/self-report/open, /submit)' }) token!: string;
}

export class OpenSelfReportDto implements OpenSelfReportRequest {
  @ApiProperty({ description: 'The token of the link (from the URL fragment)' })
  @IsString({ message: 'token must be a string' })
  @MaxLength(64, { message: 'token must be at most 64 characters' })
  token!: string;
}

export class SelfReportFormDto implements SelfReportForm {
  @ApiProperty() firstName!: string;
  @ApiProperty({ enum: LANGUAGES }) language!: SelfReportLanguage;
  @ApiProperty({ enum: INSTRUMENTS, isArray: true }) instruments!: SelfReportInstrumentId[];
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class SelfReportResponseDto {
  @ApiProperty({ enum: INSTRUMENTS })
  @IsIn(INSTRUMENTS, { message: `instrument must be one of ${INSTRUMENTS.join(', ')}` })
  instrument!: SelfReportInstrumentId;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', nullable: true } })
  @IsObject({ message: 'answers must be an object keyed by item id' })
  answers!: Record<string, number | null>;
}

export class SubmitSelfReportDto extends OpenSelfReportDto implements SubmitSelfReportRequest {
  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptionalNotNull()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: SelfReportLanguage;

  @ApiProperty({ type: SelfReportResponseDto, isArray: true })
  @IsArray({ message: 'responses must be a list' })
  @ArrayMinSize(1, { message: 'responses must hold at least one instrument' })
  @ArrayMaxSize(INSTRUMENTS.length, { message: `responses must hold at most ${INSTRUMENTS.length} instruments` })
  @ValidateNested({ each: true })
  @Type(() => SelfReportResponseDto)
  responses!: SelfReportResponseDto[];
}

export class SelfReportSubmittedDto implements SelfReportSubmitted {
  @ApiProperty({ description: 'Show crisis resources now (PHQ-9 item 9 above 0)' }) crisis!: boolean;
}

export class SelfReportStatusRowDto implements SelfReportStatusRow {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() episodeStatus!: EpisodeStatus;
  @ApiProperty({ format: 'date', nullable: true, type: String }) lastScoreOn!: string | null;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: Object.values(SelfReportState) }) state!: SelfReportState;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSentAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastCompletedAt!: string | null;
  @ApiProperty() hasContact!: boolean;
}

export class SelfReportStatusQueryDto {
  @ApiPropertyOptional({ description: 'Only episodes due or overdue without a score (the worklist); default true' })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'missing must be true or false' })
  missing?: boolean;
}

/** Most episode ids one badge request may name (a caseload page holds at most 100 rows). */
export const MAX_STATE_EPISODE_IDS = 200;

/** `GET /api/self-report/states?episodeIds=a,b,…`: the caseload page's episodes. */
export class SelfReportStatesQueryDto {
  @ApiProperty({ description: `Comma-separated episode ids (1–${MAX_STATE_EPISODE_IDS})`, type: String })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((id) => id.trim()) : value,
  )
  @IsArray({ message: 'episodeIds must be a comma-separated list of episode ids' })
  @ArrayMinSize(1, { message: 'episodeIds must name at least one episode' })
  @ArrayMaxSize(MAX_STATE_EPISODE_IDS, { message: `episodeIds must name at most ${MAX_STATE_EPISODE_IDS} episodes` })
  @IsUUID('all', { each: true, message: 'episodeIds must each be an episode id (UUID)' })
  episodeIds!: string[];
}

export class SelfReportEpisodeStateDto implements SelfReportEpisodeState {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: Object.values(SelfReportState) }) state!: SelfReportState;
  @ApiProperty({ format: 'date' }) dueOn!: string;
}

export class SelfReportSettingsDto implements SelfReportSettings {
  @ApiProperty() @IsInt({ message: 'activeIntervalDays must be a whole number' }) activeIntervalDays!: number;
  @ApiProperty()
  @IsInt({ message: 'relapsePreventionIntervalDays must be a whole number' })
  relapsePreventionIntervalDays!: number;
  @ApiProperty() @IsInt({ message: 'leadDays must be a whole number' }) leadDays!: number;
  @ApiProperty() @IsInt({ message: 'reminderAfterDays must be a whole number' }) reminderAfterDays!: number;
  @ApiProperty() @IsInt({ message: 'linkExpiryHours must be a whole number' }) linkExpiryHours!: number;
  @ApiProperty() @IsInt({ message: 'kioskCodeMinutes must be a whole number' }) kioskCodeMinutes!: number;

  @ApiProperty({ nullable: true, type: String })
  @IsOptionalOrNull()
  @Trim()
  @IsEmail({}, { message: 'safetyContactEmail must be an email address or null' })
  @MaxLength(254)
  safetyContactEmail!: string | null;

  @ApiProperty({ description: 'The version you edited (0 when the clinic has none stored yet)' })
  @IsInt({ message: 'version must be a whole number' })
  @Min(0, { message: 'version must be 0 or more' })
  version!: number;
}
