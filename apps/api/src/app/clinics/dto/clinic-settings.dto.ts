import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, IsTimeZone, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { ClinicSettings, FlagThresholdSettings } from '@huddle/shared-types';
import { IsOptionalNotNull, IsOptionalOrNull } from '../../common/validation';

export class FlagThresholdSettingsDto implements FlagThresholdSettings {
  @ApiProperty({ example: 14 }) baselineLookbackDays!: number;
  @ApiProperty({ example: 50 }) responseReductionPercent!: number;
  @ApiProperty({ example: 5 }) worseningPoints!: number;
  @ApiProperty({ example: 12 }) targetWeeks!: number;
  @ApiProperty({ example: 8 }) notImprovingEarlyWeeks!: number;
  @ApiProperty({ example: 10 }) notImprovingWeeks!: number;
  @ApiProperty({ example: 30 }) noContactDays!: number;
  @ApiProperty({ example: 30 }) noScoreDays!: number;
  @ApiProperty({ example: 28 }) firstFollowUpDays!: number;
  @ApiProperty({ example: 60 }) reviewOverdueDays!: number;
  @ApiProperty({ example: 75 }) caseloadCapacity!: number;
  @ApiProperty({ example: 60, description: 'Agenda cut-off: routine patients due once the last review is this old' })
  routineReviewDays!: number;
}

export class ClinicSettingsDto implements ClinicSettings {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone' }) timezone!: string;
  @ApiProperty({ type: FlagThresholdSettingsDto, description: 'Defaults with the clinic overrides applied' })
  flagThresholds!: FlagThresholdSettingsDto;
  @ApiProperty({ type: Object, description: 'Only the thresholds the clinic changed' })
  flagThresholdOverrides!: Partial<FlagThresholdSettings>;
  @ApiProperty() version!: number;
}

const threshold = (): PropertyDecorator => applyDecorators(IsOptionalOrNull(), IsInt(), Min(0));

/**
 * Threshold overrides to change: an integer sets it, `null` returns it to the default, a left-out
 * key stays as it is. Ranges and consistency are checked by `@huddle/scoring` `mergeFlagThresholds`.
 */
export class FlagThresholdsPatchDto implements Partial<Record<keyof FlagThresholdSettings, number | null>> {
  @ApiPropertyOptional({ nullable: true }) @threshold() baselineLookbackDays?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() responseReductionPercent?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() worseningPoints?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() targetWeeks?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() notImprovingEarlyWeeks?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() notImprovingWeeks?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() noContactDays?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() noScoreDays?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() firstFollowUpDays?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() reviewOverdueDays?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() caseloadCapacity?: number | null;
  @ApiPropertyOptional({ nullable: true }) @threshold() routineReviewDays?: number | null;
}

export class UpdateClinicDto {
  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'America/Chicago', description: 'IANA time zone' })
  @IsOptionalNotNull()
  @IsTimeZone({ message: 'timezone must be a valid IANA time zone, e.g. America/New_York' })
  timezone?: string;

  @ApiPropertyOptional({ type: FlagThresholdsPatchDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => FlagThresholdsPatchDto)
  flagThresholds?: FlagThresholdsPatchDto;
}
