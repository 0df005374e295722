import { ApiProperty } from '@nestjs/swagger';
import {
  EpisodeStatus,
  type ApiWarning,
  type CareTeam,
  type CreatedEpisode,
  type DischargeReason,
  type EpisodeDetail,
  type EpisodeSummary,
} from '@huddle/shared-types';
import { StaffRefDto } from '../../common/staff-ref.dto';

/** Discharge reasons accepted by the API (codes, never free text, so no PHI lands in the column). */
export const DISCHARGE_REASONS = [
  'completed_treatment',
  'referred_to_specialty_care',
  'patient_declined',
  'lost_to_follow_up',
  'moved_or_changed_provider',
  'deceased',
  'other',
] as const satisfies readonly DischargeReason[];

export const EPISODE_STATUSES = Object.values(EpisodeStatus);

export class EpisodeSummaryDto implements EpisodeSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EPISODE_STATUSES }) status!: EpisodeStatus;
  @ApiProperty({ format: 'date' }) referredOn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) consentOn!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) enrolledOn!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dischargedOn!: string | null;
  @ApiProperty({ enum: DISCHARGE_REASONS, nullable: true }) dischargeReason!: DischargeReason | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) careManagerId!: string | null;
  @ApiProperty() version!: number;
}

export class CareTeamDto implements CareTeam {
  @ApiProperty({ type: StaffRefDto, nullable: true }) careManager!: StaffRefDto | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) consultant!: StaffRefDto | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) billingPcp!: StaffRefDto | null;
}

export class EpisodeDetailDto extends EpisodeSummaryDto implements EpisodeDetail {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) activatedOn!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) relapsePreventionOn!: string | null;
  @ApiProperty({ type: CareTeamDto }) careTeam!: CareTeamDto;
  @ApiProperty({ type: String, isArray: true, example: ['F32.1'] }) diagnoses!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ApiWarningDto implements ApiWarning {
  @ApiProperty({ example: 'EPISODE_GAP_UNDER_6_MONTHS' }) code!: string;
  @ApiProperty() message!: string;
}

export class CreatedEpisodeDto extends EpisodeDetailDto implements CreatedEpisode {
  @ApiProperty({ type: ApiWarningDto, isArray: true }) warnings!: ApiWarningDto[];
}
