import { ApiProperty } from '@nestjs/swagger';
import {
  FlagCode,
  FlagSeverity,
  ManualFlagCode,
  type Flag,
  type FlagSummary,
  type ManualFlagView,
  type PatientFlagsResponse,
  type StaffRef,
} from '@huddle/shared-types';

/** OpenAPI shape of {@link StaffRef}. */
export class StaffRefDto implements StaffRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

/** OpenAPI shape of a computed {@link Flag} (evidence depends on the code; it always has `reason`). */
export class FlagDto {
  @ApiProperty({ enum: Object.values(FlagCode) }) code!: FlagCode;
  @ApiProperty({ enum: Object.values(FlagSeverity) }) severity!: FlagSeverity;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Why flagged; `reason` plus code-specific fields',
  })
  evidence!: Flag['evidence'];
}

/** OpenAPI shape of {@link FlagSummary}. */
export class FlagSummaryDto implements FlagSummary {
  @ApiProperty({ enum: [...Object.values(FlagCode), ...Object.values(ManualFlagCode)] }) code!: FlagSummary['code'];
  @ApiProperty({ enum: Object.values(FlagSeverity) }) severity!: FlagSeverity;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['computed', 'manual'] }) source!: 'computed' | 'manual';
}

/** OpenAPI shape of {@link ManualFlagView}. */
export class ManualFlagViewDto implements ManualFlagView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) episodeId!: string | null;
  @ApiProperty({ enum: Object.values(ManualFlagCode) }) code!: ManualFlagCode;
  @ApiProperty({ enum: Object.values(FlagSeverity) }) severity!: FlagSeverity;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ type: StaffRefDto }) raisedBy!: StaffRef;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ type: StaffRefDto, nullable: true }) resolvedBy!: StaffRef | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolutionNote!: string | null;
  @ApiProperty() version!: number;
}

/** OpenAPI shape of {@link PatientFlagsResponse}. */
export class PatientFlagsResponseDto implements PatientFlagsResponse {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) episodeId!: string | null;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: FlagDto, isArray: true }) computed!: Flag[];
  @ApiProperty({ type: ManualFlagViewDto, isArray: true }) manual!: ManualFlagView[];
}
