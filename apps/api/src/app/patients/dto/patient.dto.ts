import { ApiProperty } from '@nestjs/swagger';
import type { OpenEpisodeRef, Page, PatientClinicalSummary, PatientDetail, PatientSummary } from '@huddle/shared-types';
import { AdministrativeGender, EpisodeStatus } from '@huddle/shared-types';
import { StaffRefDto } from '../../common/staff-ref.dto';
import { CaseloadScoresDto } from '../../caseload/dto/caseload-page.dto';
import { EpisodeSummaryDto } from '../../episodes/dto/episode.dto';
import { FlagSummaryDto } from '../../flags/dto/flag-response.dto';

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
  @ApiProperty({
    type: () => PatientClinicalSummaryDto,
    nullable: true,
    description: 'Latest PHQ-9/GAD-7 and flags of the open episode',
  })
  clinical!: PatientClinicalSummaryDto | null;
}

export class PatientClinicalSummaryDto implements PatientClinicalSummary {
  @ApiProperty({ type: CaseloadScoresDto }) phq9!: CaseloadScoresDto;
  @ApiProperty({ type: CaseloadScoresDto }) gad7!: CaseloadScoresDto;
  @ApiProperty({ type: FlagSummaryDto, isArray: true, description: 'Most severe first' }) flags!: FlagSummaryDto[];
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
  @ApiProperty({ enum: Object.values(AdministrativeGender), nullable: true, type: String })
  gender!: AdministrativeGender | null;
  @ApiProperty({ nullable: true, type: String }) payer!: string | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) pcp!: StaffRefDto | null;
  @ApiProperty({ type: EpisodeSummaryDto, isArray: true, description: 'Newest first' }) episodes!: EpisodeSummaryDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}
