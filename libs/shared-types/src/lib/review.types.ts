import type { EpisodeStatus, RecommendationStatus, RecommendationType } from './care-episode.types';
import type { IsoDate, IsoTimestamp } from './date.types';
import type { EpisodeMeasures } from './episode-measures.types';
import type { ScorePoint } from './instrument.types';
import type { FlagSummary, ManualFlagView, StaffRef } from './patient-flags.types';
import type { Flag } from './flag.types';
import type { AgendaBucket } from './review-agenda.types';

/** A consultant recommendation. */
export interface RecommendationView {
  id: string;
  reviewId: string;
  episodeId: string;
  patientId: string;
  type: RecommendationType;
  detail: string;
  medication: string | null;
  dose: string | null;
  status: RecommendationStatus;
  /** Why it was declined (required for `declined`), else `null`. */
  statusReason: string | null;
  statusChangedAt: IsoTimestamp;
  statusChangedBy: StaffRef | null;
  createdAt: IsoTimestamp;
  /** Optimistic-lock version; send it back to change the status. */
  version: number;
}

/** A recorded weekly consultant review with its recommendations. */
export interface ConsultantReviewView {
  id: string;
  episodeId: string;
  patientId: string;
  consultant: StaffRef;
  reviewedAt: IsoTimestamp;
  /** Monday of the review week. */
  weekOf: IsoDate;
  summary: string | null;
  recommendations: RecommendationView[];
}

/** One line of the weekly review agenda (ordered by `@huddle/scoring` `orderReviewAgenda`). */
export interface ReviewAgendaLine {
  rank: number;
  bucket: AgendaBucket;
  /** 1 = safety … 5 = longest since review. */
  bucketPriority: number;
  /** Why the patient is placed here. */
  reason: string;
  patientId: string;
  episodeId: string;
  givenName: string;
  familyName: string;
  mrn: string;
  episodeStatus: EpisodeStatus;
  enrolledAt: IsoDate | null;
  careManager: StaffRef | null;
  weeksInTreatment: number | null;
  phq9Latest: ScorePoint | null;
  phq9PercentChange: number | null;
  lastReviewedAt: IsoDate | null;
  daysSinceLastReview: number | null;
  flags: FlagSummary[];
  reviewRequested: boolean;
  /** A review of this episode exists for the agenda's week. */
  reviewedThisWeek: boolean;
  /** That review's id, if any. */
  reviewId: string | null;
  /** Clinic-local date of that review, if any. */
  reviewedOn: IsoDate | null;
  /**
   * Due this week (`@huddle/scoring` `isDueThisWeek`): safety, new, not improving or requested, or a
   * routine review at least the clinic's `routineReviewDays` old by the week's end. Due lines come first.
   */
  dueThisWeek: boolean;
}

/** `GET /api/review/agenda` response. */
export interface ReviewAgenda {
  consultantId: string;
  /** Monday of the requested week. */
  weekOf: IsoDate;
  /** Date flags were evaluated for: clinic-local today, or the week's Sunday for past weeks. */
  asOf: IsoDate;
  /**
   * The requested page of the agenda in agenda order (`offset`, `limit`), or every line when no
   * `limit` was asked for. Due lines come first, so the first `sections.due` positions are the due ones.
   */
  lines: ReviewAgendaLine[];
  /** Position of `lines[0]` in the whole agenda (0 for the first page). */
  offset: number;
  /** Lines of the whole agenda (every page) per section: due this week, then not due. */
  sections: { due: number; notDue: number };
  /** Lines due this week (`total`) and how many of them are reviewed (over the whole agenda). */
  progress: { reviewed: number; total: number };
  /** The clinic's routine review interval the cut-off used (days). */
  routineReviewDays: number;
}

/** Scores of one instrument in the episode, for the summary's trend line. */
export interface InstrumentTrend {
  /** Measures from `computeEpisodeMeasures`; `null` while the episode is not enrolled. */
  measures: EpisodeMeasures | null;
  /** Complete scores in the episode, oldest first (at most the last 52). */
  points: ScorePoint[];
}

/** `GET /api/review/patients/:id/summary`: one screen for the consultant. */
export interface PatientReviewSummary {
  patient: { id: string; givenName: string; familyName: string; mrn: string; birthDate: IsoDate };
  episode: {
    id: string;
    status: EpisodeStatus;
    enrolledAt: IsoDate | null;
    weeksInTreatment: number | null;
    diagnoses: string[];
    reviewRequested: boolean;
  } | null;
  asOf: IsoDate;
  phq9: InstrumentTrend;
  gad7: InstrumentTrend;
  flags: Flag[];
  manualFlags: ManualFlagView[];
  lastReview: ConsultantReviewView | null;
  /** Recommendations of the episode still new or accepted, newest first. */
  openRecommendations: RecommendationView[];
  careTeam: {
    careManager: StaffRef | null;
    consultant: StaffRef | null;
    pcp: StaffRef | null;
    billingPcp: StaffRef | null;
  };
}
