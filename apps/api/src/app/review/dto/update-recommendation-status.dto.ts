import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Min } from 'class-validator';
import { RecommendationStatus } from '@huddle/shared-types';

const STATUSES = Object.values(RecommendationStatus);

/** `PATCH /recommendations/:id/status`. */
export class UpdateRecommendationStatusDto {
  @ApiProperty({ enum: STATUSES, description: 'pending → communicated → done | declined; pending → declined' })
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status!: RecommendationStatus;

  @ApiProperty({ minimum: 1, description: 'Version of the recommendation the client saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version!: number;
}
