import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject } from 'class-validator';
import {
  AssessmentSource,
  InstrumentId,
  SeverityCode,
  type AssessmentRecord,
  type SeverityBand,
  type CreateAssessmentRequest,
} from '@huddle/shared-types';
import { IsIsoDate, IsOptionalNotNull } from '../../common/validation';

const INSTRUMENT_IDS = Object.values(InstrumentId);
const SOURCES = Object.values(AssessmentSource);

export class SeverityDto implements Pick<SeverityBand, 'code' | 'label'> {
  @ApiProperty({ enum: Object.values(SeverityCode) }) code!: SeverityCode;
  @ApiProperty({ example: 'Moderate' }) label!: string;
}

export class AssessmentRecordDto implements AssessmentRecord {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) episodeId!: string | null;
  @ApiProperty({ enum: INSTRUMENT_IDS }) instrument!: InstrumentId;
  @ApiProperty({ format: 'date' }) administeredOn!: string;
  @ApiProperty({ enum: SOURCES }) source!: AssessmentSource;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', nullable: true }, example: { phq9_1: 2 } })
  answers!: Record<string, number | null>;
  @ApiProperty({ nullable: true, type: Number }) total!: number | null;
  @ApiProperty({ type: SeverityDto, nullable: true }) severity!: SeverityDto | null;
  @ApiProperty({ nullable: true, type: Boolean }) positiveScreen!: boolean | null;
  @ApiProperty() complete!: boolean;
  @ApiProperty({ type: String, isArray: true }) missingItems!: string[];
  @ApiProperty({ description: 'PHQ-9 item 9 answered > 0' }) safetyRisk!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) enteredBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreateAssessmentDto implements CreateAssessmentRequest {
  @ApiProperty({ enum: INSTRUMENT_IDS })
  @IsIn(INSTRUMENT_IDS, { message: `instrument must be one of ${INSTRUMENT_IDS.join(', ')}` })
  instrument!: InstrumentId;

  @ApiProperty({ format: 'date', description: 'Clinic-local date; not in the future' })
  @IsIsoDate()
  administeredOn!: string;

  @ApiProperty({ enum: SOURCES })
  @IsIn(SOURCES, { message: `source must be one of ${SOURCES.join(', ')}` })
  source!: AssessmentSource;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    example: { phq9_1: 2, phq9_2: 1, phq9_9: 0 },
    description: 'Item id → answer (0..max of the item) or null when not answered; validated by @huddle/scoring',
  })
  @IsObject({ message: 'answers must be an object keyed by item id' })
  answers!: Record<string, number | null>;
}

export class ListAssessmentsQueryDto {
  @ApiPropertyOptional({ enum: INSTRUMENT_IDS })
  @IsOptionalNotNull()
  @IsIn(INSTRUMENT_IDS, { message: `instrument must be one of ${INSTRUMENT_IDS.join(', ')}` })
  instrument?: InstrumentId;
}
