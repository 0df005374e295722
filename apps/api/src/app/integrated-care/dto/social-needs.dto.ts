import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsString, MaxLength, Min } from 'class-validator';
import type {
  RecordSocialNeedsScreeningRequest,
  SocialNeedStatus,
  UpdateSocialNeedRequest,
} from '@huddle/shared-types';
import { IsIsoDate, IsOptionalNotNull, IsOptionalOrNull, Trim } from '../../common/validation';

/** `POST /patients/:id/social-needs/screenings`. */
export class RecordSocialNeedsScreeningDto implements RecordSocialNeedsScreeningRequest {
  @ApiProperty({ format: 'date', description: "Clinic-local date of the screen; not after the clinic's today" })
  @IsIsoDate()
  screenedOn!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'AHC HRSN answers by item id (libs/scoring HRSN_ITEMS), e.g. { "hrsn_food_worry": "often_true" }',
  })
  @IsObject()
  answers!: Record<string, string | string[]>;
}

const NEXT_STATUSES: ReadonlyArray<Exclude<SocialNeedStatus, 'open'>> = ['referred', 'connected', 'resolved'];

/** `POST /social-needs/:id/progress`. */
export class UpdateSocialNeedDto implements UpdateSocialNeedRequest {
  @ApiProperty({ enum: NEXT_STATUSES })
  @IsIn(NEXT_STATUSES)
  status!: Exclude<SocialNeedStatus, 'open'>;

  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  on!: string;

  @ApiPropertyOptional({ description: 'The community resource (required when referring)', maxLength: 200 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: ({ property }) => `${property} must not be empty` })
  @MaxLength(200)
  resourceName?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptionalOrNull()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  version!: number;
}
