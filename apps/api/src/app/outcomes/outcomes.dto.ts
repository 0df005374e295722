import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

export class OutcomeTrendsQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 36,
    default: 12,
    description: 'Calendar months, ending with the last complete month (or this one with includePartialMonth)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(36)
  months = 12;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description:
      "Include the clinic's current, partial month (left out by default: it ends at the last complete month)",
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includePartialMonth must be true or false' })
  includePartialMonth?: 'true' | 'false';
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today in the clinic time zone' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date (YYYY-MM-DD)' })
  asOf?: string;
}

export class BillingQueryDto {
  @ApiPropertyOptional({ example: '2026-11', description: 'Calendar month; defaults to the current one' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}
