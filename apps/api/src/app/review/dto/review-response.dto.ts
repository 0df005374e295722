import { ApiProperty } from '@nestjs/swagger';
import {
  AgendaBucket,
  EpisodeStatus,
  RecommendationStatus,
  RecommendationType,
  type ConsultantReviewView,
  type EpisodeMeasures,
  type Flag,
  type FlagSummary,
  type InstrumentTrend,
  type ManualFlagView,
  type PatientReviewSummary,
  type RecommendationInboxItem,
  type RecommendationView,
  type ReviewAgenda,
  type ReviewAgendaLine,
  type ScorePoint,
  type StaffRef,
} from '@huddle/shared-types';
import { ScorePointDto } from '../../caseload/dto/caseload-page.dto';
import { FlagDto, FlagSummaryDto, ManualFlagViewDto, StaffRefDto } from '../../flags/dto/flag-response.dto';

const nullableDate = { format: 'date', nullable: true, type: String } as const;

/** OpenAPI shape of {@link RecommendationView}. */
export class RecommendationViewDto implements RecommendationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: Object.values(RecommendationType) }) type!: RecommendationType;
  @ApiProperty() detail!: string;
  @ApiProperty({ nullable: true, type: String }) medication!: string | null;
  @ApiProperty({ nullable: true, type: String }) dose!: string | null;
  @ApiProperty({ enum: Object.values(RecommendationStatus) }) status!: RecommendationStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was declined' }) statusReason!: string | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt!: string;
  @ApiProperty({ type: StaffRefDto, nullable: true }) statusChangedBy!: StaffRef | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
}

class InboxPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() mrn!: string;
}

/** OpenAPI shape of {@link RecommendationInboxItem}. */
export class RecommendationInboxItemDto implements RecommendationInboxItem {
  @ApiProperty({ type: RecommendationViewDto }) recommendation!: RecommendationView;
  @ApiProperty({ type: InboxPatientDto }) patient!: InboxPatientDto;
  @ApiProperty({ type: StaffRefDto }) consultant!: StaffRef;
  @ApiProperty({ nullable: true, type: String }) reviewSummary!: string | null;
}

/** OpenAPI shape of {@link ConsultantReviewView}. */
export class ConsultantReviewViewDto implements ConsultantReviewView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ type: StaffRefDto }) consultant!: StaffRef;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
  @ApiProperty({ format: 'date', description: 'Monday of the review week' }) weekOf!: string;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty({ type: RecommendationViewDto, isArray: true }) recommendations!: RecommendationView[];
}

/** OpenAPI shape of {@link ReviewAgendaLine}. */
export class ReviewAgendaLineDto implements ReviewAgendaLine {
  @ApiProperty() rank!: number;
  @ApiProperty({ enum: Object.values(AgendaBucket) }) bucket!: AgendaBucket;
  @ApiProperty() bucketPriority!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty({ enum: Object.values(EpisodeStatus) }) episodeStatus!: EpisodeStatus;
  @ApiProperty(nullableDate) enrolledAt!: string | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) careManager!: StaffRef | null;
  @ApiProperty({ type: Number, nullable: true }) weeksInTreatment!: number | null;
  @ApiProperty({ type: ScorePointDto, nullable: true }) phq9Latest!: ScorePoint | null;
  @ApiProperty({ type: Number, nullable: true }) phq9PercentChange!: number | null;
  @ApiProperty(nullableDate) lastReviewedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) daysSinceLastReview!: number | null;
  @ApiProperty({ type: FlagSummaryDto, isArray: true }) flags!: FlagSummary[];
  @ApiProperty() reviewRequested!: boolean;
  @ApiProperty() reviewedThisWeek!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reviewId!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) reviewedOn!: string | null;
  @ApiProperty({ description: "Due this week (priority bucket, or routine review older than the clinic's setting)" })
  dueThisWeek!: boolean;
}

class AgendaSectionsDto {
  @ApiProperty({ description: 'Lines due this week (they come first)' }) due!: number;
  @ApiProperty({ description: 'Lines not due this week' }) notDue!: number;
}

class AgendaProgressDto {
  @ApiProperty() reviewed!: number;
  @ApiProperty() total!: number;
}

/** OpenAPI shape of {@link ReviewAgenda}. */
export class ReviewAgendaDto implements ReviewAgenda {
  @ApiProperty({ format: 'uuid' }) consultantId!: string;
  @ApiProperty({ format: 'date' }) weekOf!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({
    type: ReviewAgendaLineDto,
    isArray: true,
    description: 'The requested page (every line without limit)',
  })
  lines!: ReviewAgendaLine[];
  @ApiProperty({ example: 0, description: 'Position of the first line in the whole agenda' }) offset!: number;
  @ApiProperty({ type: AgendaSectionsDto, description: 'Lines of the whole agenda per section' })
  sections!: { due: number; notDue: number };
  @ApiProperty({ type: AgendaProgressDto, description: 'Over the lines due this week' })
  progress!: { reviewed: number; total: number };
  @ApiProperty({ example: 60 }) routineReviewDays!: number;
}

class InstrumentTrendDto implements InstrumentTrend {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'computeEpisodeMeasures result',
  })
  measures!: EpisodeMeasures | null;
  @ApiProperty({ type: ScorePointDto, isArray: true }) points!: ScorePoint[];
}

/** OpenAPI shape of {@link PatientReviewSummary} (nested objects documented loosely). */
export class PatientReviewSummaryDto implements PatientReviewSummary {
  @ApiProperty({ type: 'object', additionalProperties: true }) patient!: PatientReviewSummary['patient'];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  episode!: PatientReviewSummary['episode'];
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: InstrumentTrendDto }) phq9!: InstrumentTrend;
  @ApiProperty({ type: InstrumentTrendDto }) gad7!: InstrumentTrend;
  @ApiProperty({ type: FlagDto, isArray: true }) flags!: Flag[];
  @ApiProperty({ type: ManualFlagViewDto, isArray: true }) manualFlags!: ManualFlagView[];
  @ApiProperty({ type: ConsultantReviewViewDto, nullable: true }) lastReview!: ConsultantReviewView | null;
  @ApiProperty({ type: RecommendationViewDto, isArray: true }) openRecommendations!: RecommendationView[];
  @ApiProperty({ type: 'object', additionalProperties: true }) careTeam!: PatientReviewSummary['careTeam'];
}
