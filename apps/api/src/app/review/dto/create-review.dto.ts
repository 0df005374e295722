import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { RecommendationType } from '@huddle/shared-types';
import { IsIsoDate, IsOptionalNotNull } from '../../common/validation';

const TYPES = Object.values(RecommendationType);
/** Types that name a medication. */
const MEDICATION_TYPES: readonly RecommendationType[] = [
  'medication_start',
  'medication_change',
  'dose_change',
  'medication_stop',
];

/** One structured recommendation of a review. */
export class RecommendationInputDto {
  @ApiProperty({ enum: TYPES })
  @IsIn(TYPES, { message: `type must be one of ${TYPES.join(', ')}` })
  type!: RecommendationType;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  detail!: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Required for medication_start/change/stop and dose_change' })
  @ValidateIf(
    (rec: RecommendationInputDto, value: unknown) => MEDICATION_TYPES.includes(rec.type) || value !== undefined,
  )
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  medication?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Required for dose_change' })
  @ValidateIf((rec: RecommendationInputDto, value: unknown) => rec.type === 'dose_change' || value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  dose?: string;
}

/** `POST /review/episodes/:episodeId/reviews`: mark the episode reviewed for a week. */
export class CreateReviewDto {
  @ApiProperty({ format: 'date', description: 'Any date of the review week; stored as its Monday' })
  @IsIsoDate()
  weekOf!: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  summary?: string;

  @ApiProperty({ type: RecommendationInputDto, isArray: true, maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecommendationInputDto)
  recommendations!: RecommendationInputDto[];
}
