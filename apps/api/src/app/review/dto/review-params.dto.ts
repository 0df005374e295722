import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsIsoDate, IsOptionalNotNull } from '../../common/validation';

/** Most lines one agenda request answers (a whole agenda is ~450–600 lines). */
export const AGENDA_MAX_LIMIT = 1000;

/** Route parameter `:episodeId`. */
export class EpisodeIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'episodeId must be a UUID' })
  episodeId!: string;
}

/** Query of `GET /review/agenda`. */
export class AgendaQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Any date of the week (default: this week, clinic time zone)' })
  @IsOptionalNotNull()
  @IsIsoDate()
  weekOf?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the calling consultant (required for other roles)' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'consultantId must be a UUID' })
  consultantId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: AGENDA_MAX_LIMIT,
    description: 'Lines per page, in agenda order (default: every line)',
  })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(AGENDA_MAX_LIMIT, { message: `limit must be at most ${AGENDA_MAX_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Lines of the agenda to skip (paging)' })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0, { message: 'offset must be at least 0' })
  @Max(100_000, { message: 'offset must be at most 100000' })
  offset?: number;
}
