import { ApiProperty } from '@nestjs/swagger';
import {
  CaseloadSort,
  EpisodeStatus,
  type CaseloadCapacity,
  type CaseloadPage,
  type CaseloadRow,
  type CaseloadScores,
  type FlagOf,
  type FlagSummary,
  type ScorePoint,
  type SortOrder,
} from '@huddle/shared-types';
import { FlagDto, FlagSummaryDto } from '../../flags/dto/flag-response.dto';

/** OpenAPI shape of {@link ScorePoint}. */
export class ScorePointDto implements ScorePoint {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() total!: number;
}

/** OpenAPI shape of {@link CaseloadScores}. */
export class CaseloadScoresDto implements CaseloadScores {
  @ApiProperty({ type: ScorePointDto, nullable: true }) baseline!: ScorePoint | null;
  @ApiProperty({ type: ScorePointDto, nullable: true }) latest!: ScorePoint | null;
  @ApiProperty({ type: Number, nullable: true }) percentChange!: number | null;
}

/** OpenAPI shape of {@link CaseloadRow}. */
export class CaseloadRowDto implements CaseloadRow {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty({ enum: Object.values(EpisodeStatus) }) episodeStatus!: EpisodeStatus;
  @ApiProperty({ format: 'date', nullable: true, type: String }) enrolledAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) careManagerId!: string | null;
  @ApiProperty({ type: CaseloadScoresDto }) phq9!: CaseloadScores;
  @ApiProperty({ type: CaseloadScoresDto }) gad7!: CaseloadScores;
  @ApiProperty({ type: Number, nullable: true }) weeksInTreatment!: number | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) lastContactAt!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) lastReviewAt!: string | null;
  @ApiProperty() minutesThisMonth!: number;
  @ApiProperty({ type: FlagSummaryDto, isArray: true }) flags!: FlagSummary[];
  @ApiProperty() safety!: boolean;
  @ApiProperty() reviewRequested!: boolean;
}

/** OpenAPI shape of {@link CaseloadCapacity}. */
export class CaseloadCapacityDto implements CaseloadCapacity {
  @ApiProperty({ format: 'uuid' }) careManagerId!: string;
  @ApiProperty() activePatients!: number;
  @ApiProperty() fte!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty() overCapacity!: boolean;
  @ApiProperty({ type: FlagDto, nullable: true }) flag!: FlagOf<'CASELOAD_OVER_CAPACITY'> | null;
}

/** OpenAPI shape of {@link CaseloadPage}. */
export class CaseloadPageDto implements CaseloadPage {
  @ApiProperty({ format: 'uuid' }) careManagerId!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone!: string;
  @ApiProperty({ type: CaseloadRowDto, isArray: true }) items!: CaseloadRow[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ enum: Object.values(CaseloadSort) }) sort!: CaseloadSort;
  @ApiProperty({ enum: ['asc', 'desc'] }) order!: SortOrder;
  @ApiProperty({ type: CaseloadCapacityDto }) capacity!: CaseloadCapacity;
}
