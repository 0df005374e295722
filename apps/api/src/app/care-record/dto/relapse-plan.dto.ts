import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import type {
  RelapsePreventionPlanFields,
  RelapsePreventionPlanResponse,
  RelapsePreventionPlanView,
  StaffRef,
} from '@huddle/shared-types';
import { StaffRefDto } from '../../common/staff-ref.dto';
import { IsOptionalNotNull, Trim } from '../../common/validation';

/** Longest text of one plan section. */
export const MAX_PLAN_SECTION = 4000;

const section = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ description, maxLength: MAX_PLAN_SECTION }),
    Trim(),
    IsString({ message: ({ property }) => `${property} must be text` }),
    IsNotEmpty({ message: ({ property }) => `${property} must not be empty` }),
    MaxLength(MAX_PLAN_SECTION),
  );

/** `PUT /episodes/:id/relapse-prevention-plan`: the whole plan (every section required). */
export class SaveRelapsePreventionPlanDto implements RelapsePreventionPlanFields {
  @section('Personal early warning signs of a relapse') warningSigns!: string;
  @section('What the patient does when they notice them') copingStrategies!: string;
  @section('People and services to contact') supports!: string;
  @section('Maintenance treatment (medication, therapy)') maintenanceTreatment!: string;
  @section('How long to continue the maintenance treatment') maintenanceDuration!: string;
  @section('Follow-up and monitoring schedule') monitoringPlan!: string;
  @section('What to do if symptoms return') ifSymptomsReturn!: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Version you edited; leave out for the first plan' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  version?: number;
}

/** OpenAPI shape of {@link RelapsePreventionPlanView}. */
export class RelapsePreventionPlanViewDto implements RelapsePreventionPlanView {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() warningSigns!: string;
  @ApiProperty() copingStrategies!: string;
  @ApiProperty() supports!: string;
  @ApiProperty() maintenanceTreatment!: string;
  @ApiProperty() maintenanceDuration!: string;
  @ApiProperty() monitoringPlan!: string;
  @ApiProperty() ifSymptomsReturn!: string;
  @ApiProperty({ type: StaffRefDto }) updatedBy!: StaffRef;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

/** OpenAPI shape of {@link RelapsePreventionPlanResponse}. */
export class RelapsePreventionPlanResponseDto implements RelapsePreventionPlanResponse {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ type: RelapsePreventionPlanViewDto, nullable: true }) plan!: RelapsePreventionPlanView | null;
}
