import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation';

/** `POST /flags/:id/resolve`. */
export class ResolveManualFlagDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({ minimum: 1, description: 'Version of the flag the client saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version!: number;
}
