import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsIsoDate, IsOptionalNotNull } from '../../common/validation';

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
}
