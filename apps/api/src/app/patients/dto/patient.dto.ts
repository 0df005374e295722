import { ApiProperty } from '@nestjs/swagger';
import type { OpenEpisodeRef, Page, PatientDetail, PatientSummary } from '@huddle/shared-types';
import { EpisodeStatus } from '@huddle/shared-types';
import { StaffRefDto } from '../../common/staff-ref.dto';
import { EpisodeSummaryDto } from '../../episodes/dto/episode.dto';

export class OpenEpisodeRefDto implements OpenEpisodeRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: Object.values(EpisodeStatus) }) status!: EpisodeStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) careManagerId!: string | null;
}

export class PatientSummaryDto implements PatientSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ format: 'date' }) birthDate!: string;
  @ApiProperty({ example: 'en' }) preferredLanguage!: string;
  @ApiProperty({ type: OpenEpisodeRefDto, nullable: true }) openEpisode!: OpenEpisodeRefDto | null;
}

export class PatientPageDto implements Page<PatientSummary> {
  @ApiProperty({ type: PatientSummaryDto, isArray: true }) items!: PatientSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class PatientDetailDto implements PatientDetail {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ format: 'date' }) birthDate!: string;
  @ApiProperty() preferredLanguage!: string;
  @ApiProperty({ nullable: true, type: String }) payer!: string | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) pcp!: StaffRefDto | null;
  @ApiProperty({ type: EpisodeSummaryDto, isArray: true, description: 'Newest first' }) episodes!: EpisodeSummaryDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}
