import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import type { CaseloadHolder, CaseloadTransferResult } from '@huddle/shared-types';
import { IsOptionalNotNull } from '../../common/validation';

/** Most episodes one selective transfer may name (a whole caseload is sent without `episodeIds`). */
export const MAX_TRANSFER_EPISODES = 500;

export class CaseloadTransferDto {
  @ApiProperty({ format: 'uuid', description: 'The care manager whose open episodes move' })
  @IsUUID('all', { message: 'fromCareManagerId must be a UUID' })
  fromCareManagerId!: string;

  @ApiProperty({ format: 'uuid', description: 'An active care manager of the clinic' })
  @IsUUID('all', { message: 'toCareManagerId must be a UUID' })
  toCareManagerId!: string;

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    format: 'uuid',
    description: 'Only these open episodes of the caseload (care managers); left out = the whole caseload',
  })
  @IsOptionalNotNull()
  @IsArray({ message: 'episodeIds must be a list of episode ids' })
  @ArrayMinSize(1, { message: 'episodeIds must name at least one episode (leave it out for the whole caseload)' })
  @ArrayMaxSize(MAX_TRANSFER_EPISODES, { message: `episodeIds must name at most ${MAX_TRANSFER_EPISODES} episodes` })
  @ArrayUnique({ message: 'episodeIds must not repeat an episode' })
  @IsUUID('all', { each: true, message: 'each value in episodeIds must be a UUID' })
  episodeIds?: string[];
}

export class CaseloadTransferResultDto implements CaseloadTransferResult {
  @ApiProperty({ format: 'uuid' }) fromCareManagerId!: string;
  @ApiProperty({ format: 'uuid' }) toCareManagerId!: string;
  @ApiProperty({ description: 'Open episodes that moved' }) transferred!: number;
}

export class CaseloadHolderDto implements CaseloadHolder {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() fte!: number;
  @ApiProperty({ description: 'Open (not discharged) episodes on the caseload' }) openEpisodes!: number;
}
