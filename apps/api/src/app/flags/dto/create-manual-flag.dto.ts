import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { ManualFlagCode } from '@huddle/shared-types';
import { IsOptionalNotNull } from '../../common/validation';

const CODES = Object.values(ManualFlagCode);

/** `POST /patients/:id/flags`. */
export class CreateManualFlagDto {
  @ApiProperty({ enum: CODES })
  @IsIn(CODES, { message: `code must be one of ${CODES.join(', ')}` })
  code!: ManualFlagCode;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Free text for the team; never written to the audit log' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
