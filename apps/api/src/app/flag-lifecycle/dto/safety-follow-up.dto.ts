import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import {
  SafetyAssessmentMethod,
  SafetyDisposition,
  SafetyPlanAction,
  SafetyRiskLevel,
  type CreateSafetyFollowUpRequest,
} from '@huddle/shared-types';
import { IsIsoDate, IsIsoInstant, IsOptionalNotNull, IsOptionalOrNull, Trim } from '../../common/validation';

const METHODS = Object.values(SafetyAssessmentMethod);
const RISK_LEVELS = Object.values(SafetyRiskLevel);
const PLANS = Object.values(SafetyPlanAction);
const DISPOSITIONS = Object.values(SafetyDisposition);
const oneOf = (values: readonly string[]): PropertyDecorator =>
  IsIn(values, { message: ({ property }) => `${property} must be one of ${values.join(', ')}` });
const isFlag = (): PropertyDecorator => IsBoolean({ message: ({ property }) => `${property} must be true or false` });

/**
 * `POST /patients/:id/safety-follow-ups`: a structured follow-up of a positive safety answer
 * (clinical-reference.md "Safety follow-up"). Every field but the note is required: free text alone
 * never clears a SAFETY flag.
 */
export class CreateSafetyFollowUpDto implements CreateSafetyFollowUpRequest {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the follow-up took place (default now; not in the future)',
  })
  @IsOptionalNotNull()
  @IsIsoInstant()
  performedAt?: string;

  @ApiProperty({ enum: METHODS }) @oneOf(METHODS) method!: SafetyAssessmentMethod;
  @ApiProperty({ enum: RISK_LEVELS }) @oneOf(RISK_LEVELS) riskLevel!: SafetyRiskLevel;
  @ApiProperty({ enum: PLANS }) @oneOf(PLANS) safetyPlan!: SafetyPlanAction;
  @ApiProperty() @isFlag() lethalMeansCounselling!: boolean;
  @ApiProperty({ description: '988 Suicide & Crisis Lifeline given' }) @isFlag() crisisLineGiven!: boolean;
  @ApiProperty({ enum: DISPOSITIONS }) @oneOf(DISPOSITIONS) disposition!: SafetyDisposition;
  @ApiProperty() @isFlag() consultantNotified!: boolean;

  @ApiProperty({ format: 'date', description: 'Clinic-local date of the next contact (not before the follow-up)' })
  @IsIsoDate()
  nextContactOn!: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 4000 })
  @IsOptionalOrNull()
  @Trim()
  @IsString()
  @MaxLength(4000)
  note?: string | null;
}
