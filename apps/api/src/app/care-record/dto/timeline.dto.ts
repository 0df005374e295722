import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { TimelineKind, type PatientTimeline, type StaffRef, type TimelineEntry } from '@huddle/shared-types';
import { StaffRefDto } from '../../common/staff-ref.dto';
import { IsIsoInstant, IsOptionalNotNull } from '../../common/validation';

const KINDS = Object.values(TimelineKind);
export const DEFAULT_TIMELINE_LIMIT = 50;
export const MAX_TIMELINE_LIMIT = 200;

/** `GET /patients/:id/timeline?kinds=a,b&before=<iso>&limit=n`. */
export class TimelineQueryDto {
  @ApiPropertyOptional({ description: `Comma-separated kinds (default all): ${KINDS.join(', ')}`, type: String })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((kind) => kind.trim()) : value,
  )
  @IsArray({ message: 'kinds must be a comma-separated list' })
  @ArrayNotEmpty({ message: 'kinds must not be empty' })
  @IsIn(KINDS, { each: true, message: `kinds must be among ${KINDS.join(', ')}` })
  kinds?: TimelineKind[];

  @ApiPropertyOptional({ format: 'date-time', description: 'Only entries before this instant (nextBefore)' })
  @IsOptionalNotNull()
  @IsIsoInstant()
  before?: string;

  @ApiPropertyOptional({ description: 'With before: the id of the last entry seen (nextBeforeId)' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  beforeId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TIMELINE_LIMIT, default: DEFAULT_TIMELINE_LIMIT })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_TIMELINE_LIMIT)
  limit?: number;
}

/** OpenAPI shape of {@link TimelineEntry}. */
export class TimelineEntryDto implements TimelineEntry {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: KINDS }) kind!: TimelineKind;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ type: StaffRefDto, nullable: true }) actor!: StaffRef | null;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) detail!: string | null;
  @ApiProperty({ nullable: true, type: String }) refId!: string | null;
  @ApiPropertyOptional({ type: Object }) data?: Record<string, unknown>;
}

/** OpenAPI shape of {@link PatientTimeline}. */
export class PatientTimelineDto implements PatientTimeline {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ type: TimelineEntryDto, isArray: true }) entries!: TimelineEntry[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextBefore!: string | null;
  @ApiProperty({ nullable: true, type: String }) nextBeforeId!: string | null;
}
