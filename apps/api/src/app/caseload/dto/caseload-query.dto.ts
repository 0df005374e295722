import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import {
  CaseloadSort,
  EpisodeStatus,
  FlagCode,
  FlagSeverity,
  ManualFlagCode,
  type SortOrder,
} from '@huddle/shared-types';
import { IsOptionalNotNull } from '../../common/validation';
import { INPUT_LIMITS } from '../../common/input-safety';

const FLAG_CODES = [...Object.values(FlagCode), ...Object.values(ManualFlagCode)];
const OPEN_STATUSES = Object.values(EpisodeStatus).filter((status) => status !== 'discharged');
const SORTS = Object.values(CaseloadSort);

/** Query of `GET /caseload`. */
export class CaseloadQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Default: the caller's own caseload (required for consultants)" })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'careManagerId must be a UUID' })
  careManagerId?: string;

  @ApiPropertyOptional({ enum: FLAG_CODES, description: 'Only rows with this flag (computed or manual)' })
  @IsOptionalNotNull()
  @IsIn(FLAG_CODES, { message: `flag must be one of ${FLAG_CODES.join(', ')}` })
  flag?: FlagCode | ManualFlagCode;

  @ApiPropertyOptional({ enum: Object.values(FlagSeverity), description: 'Only rows with a flag at least this severe' })
  @IsOptionalNotNull()
  @IsIn(Object.values(FlagSeverity), { message: `severity must be one of ${Object.values(FlagSeverity).join(', ')}` })
  severity?: FlagSeverity;

  @ApiPropertyOptional({ enum: OPEN_STATUSES })
  @IsOptionalNotNull()
  @IsIn(OPEN_STATUSES, { message: `status must be one of ${OPEN_STATUSES.join(', ')}` })
  status?: EpisodeStatus;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the given name, family name or MRN' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: SORTS, default: CaseloadSort.PRIORITY })
  @IsOptionalNotNull()
  @IsIn(SORTS, { message: `sort must be one of ${SORTS.join(', ')}` })
  sort?: CaseloadSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'For priority, asc = most urgent first' })
  @IsOptionalNotNull()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: SortOrder;

  @ApiPropertyOptional({ minimum: 1, maximum: INPUT_LIMITS.maxPage, default: 1 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt({ message: 'page must be an integer' })
  @Min(1)
  @Max(INPUT_LIMITS.maxPage)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be an integer' })
  @Min(1)
  @Max(100)
  pageSize?: number;
}
