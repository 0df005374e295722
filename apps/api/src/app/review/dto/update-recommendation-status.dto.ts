import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { RecommendationStatus } from '@huddle/shared-types';
import { Trim } from '../../common/validation';

const STATUSES = Object.values(RecommendationStatus);

/** `PATCH /recommendations/:id/status`. */
export class UpdateRecommendationStatusDto {
  @ApiProperty({
    enum: STATUSES,
    description: 'new → accepted | declined (PCP) → implemented (care manager or PCP); accepted → declined',
  })
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status!: RecommendationStatus;

  @ApiProperty({ minimum: 1, description: 'Version of the recommendation the client saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Required when declining (why); an optional note for the other statuses',
  })
  @ValidateIf(
    (dto: UpdateRecommendationStatusDto) =>
      dto.status === 'declined' || (dto.reason !== undefined && dto.reason !== null),
  )
  @Trim()
  @IsString({ message: 'reason is required when declining a recommendation' })
  @IsNotEmpty({ message: 'reason is required when declining a recommendation' })
  @MaxLength(1000)
  reason?: string | null;
}
