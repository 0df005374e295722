import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { UTILIZATION_KINDS } from '@huddle/scoring';
import type { UtilizationKindValue } from '@huddle/shared-types';
import { IsIsoDate, IsOptionalOrNull } from '../../common/validation';

export class CreateUtilizationDto {
  @ApiProperty({ enum: UTILIZATION_KINDS })
  @IsIn(UTILIZATION_KINDS, { message: `kind must be one of ${UTILIZATION_KINDS.join(', ')}` })
  kind!: UtilizationKindValue;

  @ApiProperty({ format: 'date', description: 'Clinic-local date of the ED visit or admission; not in the future' })
  @IsIsoDate()
  startsOn!: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'Discharge date of an admission' })
  @IsOptionalOrNull()
  @IsIsoDate()
  endsOn?: string | null;
}
