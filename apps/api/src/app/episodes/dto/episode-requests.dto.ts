import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsUUID, Matches, Min } from 'class-validator';
import type { CareTeamChangeRequest, DischargeReason, EpisodeStatus } from '@huddle/shared-types';
import { IsIsoDate, IsOptionalNotNull, IsOptionalOrNull } from '../../common/validation';
import { DISCHARGE_REASONS, EPISODE_STATUSES } from './episode.dto';

const uuid = (field: string): PropertyDecorator => IsUUID('all', { message: `${field} must be a UUID` });

export class CreateEpisodeDto implements CareTeamChangeRequest {
  @ApiPropertyOptional({ format: 'date', description: 'Referral date (clinic-local; default today)' })
  @IsOptionalNotNull()
  @IsIsoDate()
  referredOn?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the caller, if a care manager' })
  @IsOptionalOrNull()
  @uuid('careManagerId')
  careManagerId?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalOrNull()
  @uuid('consultantId')
  consultantId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: "Default: the patient's PCP" })
  @IsOptionalOrNull()
  @uuid('billingPcpId')
  billingPcpId?: string | null;

  @ApiPropertyOptional({
    description:
      'Start the episode although the last discharge was less than 6 months ago (a warning is returned and audited)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  allowShortGap?: boolean;
}

export class ChangeEpisodeStatusDto {
  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ enum: EPISODE_STATUSES })
  @IsIn(EPISODE_STATUSES, { message: `status must be one of ${EPISODE_STATUSES.join(', ')}` })
  status!: EpisodeStatus;

  @ApiPropertyOptional({ format: 'date', description: 'Date of the change (clinic-local; default today)' })
  @IsOptionalNotNull()
  @IsIsoDate()
  on?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Required when enrolling' })
  @IsOptionalNotNull()
  @IsIsoDate()
  consentOn?: string;

  @ApiPropertyOptional({ enum: DISCHARGE_REASONS, description: 'Required when discharging' })
  @IsOptionalNotNull()
  @IsIn(DISCHARGE_REASONS, { message: `dischargeReason must be one of ${DISCHARGE_REASONS.join(', ')}` })
  dischargeReason?: DischargeReason;
}

export class UpdateCareTeamDto implements CareTeamChangeRequest {
  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null unassigns' })
  @IsOptionalOrNull()
  @uuid('careManagerId')
  careManagerId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptionalOrNull()
  @uuid('consultantId')
  consultantId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptionalOrNull()
  @uuid('billingPcpId')
  billingPcpId?: string | null;
}

/** ICD-10-CM: letter, digit, digit or letter, then optionally a dot and 1–4 characters (F32.1, F32.A, F41.1). */
export const ICD10_CODE = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

export class ReplaceDiagnosesDto {
  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ type: String, isArray: true, example: ['F32.1', 'F41.1'], description: 'Replaces the list' })
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((code) => (typeof code === 'string' ? code.trim().toUpperCase() : code)) : value,
  )
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ICD10_CODE, { each: true, message: 'each value in diagnoses must be an ICD-10 code such as F32.1 or F41.1' })
  diagnoses!: string[];
}
