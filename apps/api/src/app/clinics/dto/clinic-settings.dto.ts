import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, IsTimeZone, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { THRESHOLD_BOUNDS } from '@huddle/scoring';
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

/** The weekly team huddle: ISO weekday and local start time (checked by libs/scoring `assertHuddleSchedule`). */
export class HuddleScheduleDto {
  @ApiProperty({ minimum: 1, maximum: 7, example: 2, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt({ message: 'huddle.weekday must be an integer 1 (Monday) to 7 (Sunday)' })
  weekday!: number;

  @ApiProperty({ example: '08:30', description: "Local start time HH:MM (24-hour) in the clinic's time zone" })
  @IsString({ message: 'huddle.time must be a time HH:MM (24-hour)' })
  time!: string;
}

export class ClinicSettingsDto implements ClinicSettings {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone' }) timezone!: string;
  @ApiProperty({ type: FlagThresholdSettingsDto, description: 'Defaults with the clinic overrides applied' })
  flagThresholds!: FlagThresholdSettingsDto;
  @ApiProperty({ type: Object, description: 'Only the thresholds the clinic changed' })
  flagThresholdOverrides!: Partial<FlagThresholdSettings>;
  @ApiProperty({
    type: HuddleScheduleDto,
    nullable: true,
    description: 'The weekly team huddle, if the clinic has one',
  })
  huddle!: HuddleScheduleDto | null;
  @ApiProperty() version!: number;
}

/** An optional threshold override within libs/scoring's `THRESHOLD_BOUNDS` (clinical-reference.md reasons). */
const threshold = (key: keyof FlagThresholdSettings): PropertyDecorator => {
  const { min, max, reason } = THRESHOLD_BOUNDS[key];
  return applyDecorators(
    ApiPropertyOptional({ nullable: true, minimum: min, maximum: max, description: reason }),
    IsOptionalOrNull(),
    IsInt(),
    Min(min),
    Max(max),
  );
};

/**
 * Threshold overrides to change: an integer sets it, `null` returns it to the default, a left-out
 * key stays as it is. Each key's range is libs/scoring's `THRESHOLD_BOUNDS` (400 naming the field);
 * consistency between keys is checked by `@huddle/scoring` `mergeFlagThresholds`.
 */
export class FlagThresholdsPatchDto implements Partial<Record<keyof FlagThresholdSettings, number | null>> {
  @threshold('baselineLookbackDays') baselineLookbackDays?: number | null;
  @threshold('responseReductionPercent') responseReductionPercent?: number | null;
  @threshold('worseningPoints') worseningPoints?: number | null;
  @threshold('targetWeeks') targetWeeks?: number | null;
  @threshold('notImprovingEarlyWeeks') notImprovingEarlyWeeks?: number | null;
  @threshold('notImprovingWeeks') notImprovingWeeks?: number | null;
  @threshold('noContactDays') noContactDays?: number | null;
  @threshold('noScoreDays') noScoreDays?: number | null;
  @threshold('firstFollowUpDays') firstFollowUpDays?: number | null;
  @threshold('reviewOverdueDays') reviewOverdueDays?: number | null;
  @threshold('caseloadCapacity') caseloadCapacity?: number | null;
  @threshold('routineReviewDays') routineReviewDays?: number | null;
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

  @ApiPropertyOptional({
    type: HuddleScheduleDto,
    nullable: true,
    description: 'The weekly team huddle; null: no fixed huddle day',
  })
  @IsOptionalOrNull()
  @IsObject({ message: 'huddle must be an object { weekday, time } or null' })
  @ValidateNested()
  @Type(() => HuddleScheduleDto)
  huddle?: HuddleScheduleDto | null;
}
