import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditOutcome } from '@huddle/shared-types';

/** Filters of `GET /api/audit`. Dates (`YYYY-MM-DD`) are UTC days; `to` includes its whole day. */
export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'From this instant or UTC date (inclusive)', example: '2026-11-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Until this instant (exclusive) or UTC date (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events by this staff user' })
  @IsOptional()
  @IsUUID('all')
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events about this patient' })
  @IsOptional()
  @IsUUID('all')
  patientId?: string;

  @ApiPropertyOptional({ description: 'Exact action (`auth.login`) or a prefix ending in a dot (`auth.`)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z0-9_.]+$/, { message: 'action must be lower-case letters, digits, _ and .' })
  action?: string;

  @ApiPropertyOptional({ enum: Object.values(AuditOutcome) })
  @IsOptional()
  @IsIn(Object.values(AuditOutcome))
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
