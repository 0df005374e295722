import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { FOLLOW_UP_PLAN_KINDS, PC_PTSD5, SCREENING_EXCEPTIONS, SCREENING_SETTING_BOUNDS } from '@huddle/scoring';
import type { FollowUpPlanKindValue, ScreeningExceptionValue } from '@huddle/shared-types';
import { IsIsoDate, IsOptionalNotNull, IsOptionalOrNull, Trim } from '../../common/validation';

type Answers = Record<string, number | null>;
const answersProperty = (example: Answers): PropertyDecorator =>
  ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer', nullable: true }, example });

export class PcPtsd5AnswersDto {
  @ApiProperty({ description: PC_PTSD5.exposureQuestion })
  @IsBoolean({ message: 'pcPtsd5.traumaExposure must be true or false' })
  traumaExposure!: boolean;

  @ApiPropertyOptional({ type: Boolean, isArray: true, description: 'The 5 yes/no items (after an exposure)' })
  @IsOptionalOrNull()
  @IsArray()
  @ArrayMaxSize(PC_PTSD5.items.length)
  @IsBoolean({ each: true, message: 'pcPtsd5.items must be true/false answers' })
  items?: boolean[] | null;
}

export class FollowUpPlanDto {
  @ApiProperty({ enum: FOLLOW_UP_PLAN_KINDS, isArray: true, description: 'A handout alone does not count (CMS2)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'followUpPlan.kinds must name at least one kind' })
  @ArrayMaxSize(FOLLOW_UP_PLAN_KINDS.length)
  @IsIn(FOLLOW_UP_PLAN_KINDS, { each: true, message: `kinds must be among ${FOLLOW_UP_PLAN_KINDS.join(', ')}` })
  kinds!: FollowUpPlanKindValue[];

  @ApiProperty({ format: 'date', description: 'Clinic-local date the plan was documented' })
  @IsIsoDate()
  on!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptionalOrNull()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class CreateScreeningDto {
  @ApiProperty({ format: 'date', description: 'Clinic-local date of the visit; not in the future' })
  @IsIsoDate()
  visitOn!: string;

  @answersProperty({ phq2_1: 1, phq2_2: 2 })
  @IsOptionalNotNull()
  @IsObject({ message: 'phq2 must be an object keyed by item id' })
  phq2?: Answers;

  @answersProperty({ gad2_1: 0, gad2_2: 1 })
  @IsOptionalNotNull()
  @IsObject({ message: 'gad2 must be an object keyed by item id' })
  gad2?: Answers;

  @answersProperty({ auditc_1: 1, auditc_2: 0, auditc_3: 0 })
  @IsOptionalNotNull()
  @IsObject({ message: 'auditC must be an object keyed by item id' })
  auditC?: Answers;

  @ApiPropertyOptional({ type: PcPtsd5AnswersDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => PcPtsd5AnswersDto)
  pcPtsd5?: PcPtsd5AnswersDto;

  @answersProperty({ phq9_1: 2 })
  @IsOptionalNotNull()
  @IsObject({ message: 'phq9 must be an object keyed by item id' })
  phq9?: Answers;

  @answersProperty({ gad7_1: 2 })
  @IsOptionalNotNull()
  @IsObject({ message: 'gad7 must be an object keyed by item id' })
  gad7?: Answers;

  @answersProperty({ pcl5_1: 2 })
  @IsOptionalNotNull()
  @IsObject({ message: 'pcl5 must be an object keyed by item id' })
  pcl5?: Answers;

  @ApiPropertyOptional({ enum: SCREENING_EXCEPTIONS, description: 'Depression screening not done (CMS2 exception)' })
  @IsOptionalNotNull()
  @IsIn(SCREENING_EXCEPTIONS, { message: `depressionException must be one of ${SCREENING_EXCEPTIONS.join(', ')}` })
  depressionException?: ScreeningExceptionValue;

  @ApiPropertyOptional({ type: FollowUpPlanDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => FollowUpPlanDto)
  followUpPlan?: FollowUpPlanDto;
}

export class UpdateFollowUpPlanDto extends FollowUpPlanDto {
  @ApiProperty({ description: 'The version of the screening you edited' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class CreateReferralDto {
  @ApiProperty({ format: 'date', description: 'Clinic-local date of the referral; on or after the screening' })
  @IsIsoDate()
  referredOn!: string;

  @ApiProperty({ description: 'Introduced in person or by video during the same visit' })
  @IsBoolean({ message: 'warmHandoff must be true or false' })
  warmHandoff!: boolean;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Who took the warm handoff' })
  @IsOptionalOrNull()
  @IsUUID('all', { message: 'handoffTakenById must be a UUID' })
  handoffTakenById?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptionalOrNull()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

const bound = (key: keyof typeof SCREENING_SETTING_BOUNDS): PropertyDecorator[] => [
  IsInt({ message: `${key} must be a whole number` }),
  Min(SCREENING_SETTING_BOUNDS[key].min),
  Max(SCREENING_SETTING_BOUNDS[key].max),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

export class ScreeningSettingsDto {
  @ApiProperty({ description: 'AUDIT-C positive at ≥ this total (men and anyone not recorded as female)' })
  @apply(bound('auditCCutoff'))
  auditCCutoff!: number;

  @ApiProperty({ description: 'AUDIT-C positive at ≥ this total for women' })
  @apply(bound('auditCFemaleCutoff'))
  auditCFemaleCutoff!: number;

  @ApiProperty({ description: 'PC-PTSD-5 positive at ≥ this score (3 default, 4 best overall)' })
  @apply(bound('pcPtsd5CutPoint'))
  pcPtsd5CutPoint!: number;
}

export class ScreeningYearQueryDto {
  @ApiPropertyOptional({ example: '2026', description: "Calendar year (the clinic's); defaults to the current one" })
  @IsOptionalNotNull()
  @Matches(/^(19|20)\d{2}$/, { message: 'year must be YYYY' })
  year?: string;
}
