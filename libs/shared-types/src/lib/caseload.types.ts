import type { Page } from './api-error.types';
import type { EpisodeStatus } from './care-episode.types';
import type { IsoDate, YearMonth } from './date.types';
import type { FlagOf } from './flag.types';
import type { ScorePoint } from './instrument.types';
import type { FlagSummary } from './patient-flags.types';

/** Sortable columns of `GET /api/caseload` (`sort=`). `priority` = most severe flags first. */
export const CaseloadSort = {
  PRIORITY: 'priority',
  NAME: 'name',
  MRN: 'mrn',
  STATUS: 'status',
  ENROLLED_AT: 'enrolledAt',
  WEEKS_IN_TREATMENT: 'weeksInTreatment',
  PHQ9_LATEST: 'phq9Latest',
  PHQ9_PERCENT_CHANGE: 'phq9PercentChange',
  GAD7_LATEST: 'gad7Latest',
  LAST_CONTACT: 'lastContactAt',
  LAST_REVIEW: 'lastReviewAt',
  MINUTES_THIS_MONTH: 'minutesThisMonth',
} as const;
/** One of {@link CaseloadSort}'s values. */
export type CaseloadSort = (typeof CaseloadSort)[keyof typeof CaseloadSort];

/** Sort direction (`order=`). */
export type SortOrder = 'asc' | 'desc';

/** Baseline and latest score of one instrument in the episode. */
export interface CaseloadScores {
  /** First complete score in the episode (or within the look-back before enrolment). */
  baseline: ScorePoint | null;
  /** Most recent complete score (equals the baseline when there is no follow-up). */
  latest: ScorePoint | null;
  /** `(latest − baseline) / baseline × 100` (negative = improvement); `null` without a follow-up or with baseline 0. */
  percentChange: number | null;
}

/** One row of the caseload: one open episode. */
export interface CaseloadRow {
  patientId: string;
  episodeId: string;
  givenName: string;
  familyName: string;
  mrn: string;
  episodeStatus: EpisodeStatus;
  enrolledAt: IsoDate | null;
  careManagerId: string | null;
  phq9: CaseloadScores;
  gad7: CaseloadScores;
  /** Whole weeks since enrolment; `null` while referred. */
  weeksInTreatment: number | null;
  /** Clinic-local date of the last completed patient contact (not outreach attempts or coordination). */
  lastContactAt: IsoDate | null;
  /** Clinic-local date of the last psychiatric-consultant review of this episode. */
  lastReviewAt: IsoDate | null;
  /** Sum of contact minutes (any type) started in the current calendar month, clinic time zone. */
  minutesThisMonth: number;
  /** Computed flags (libs/scoring rules, clinic thresholds) then open manual flags; most severe first. */
  flags: FlagSummary[];
  /** A SAFETY flag or an open SAFETY_CONCERN manual flag. */
  safety: boolean;
  /** The care manager asked for a consultant review (open DISCUSS_WITH_CONSULTANT flag). */
  reviewRequested: boolean;
}

/** Caseload size against capacity (> 75 active per FTE, clinical-reference.md). */
export interface CaseloadCapacity {
  careManagerId: string;
  /** Patients in enrolled, active or relapse-prevention episodes (whole caseload, unfiltered). */
  activePatients: number;
  fte: number;
  /** `floor(caseloadCapacity × fte)`. */
  capacity: number;
  overCapacity: boolean;
  /** CASELOAD_OVER_CAPACITY flag with evidence when over capacity, else `null`. */
  flag: FlagOf<'CASELOAD_OVER_CAPACITY'> | null;
}

/** `GET /api/caseload` response: one page of rows (`items`, `total`, `page`, `pageSize`) plus context. */
export interface CaseloadPage extends Page<CaseloadRow> {
  careManagerId: string;
  /** Clinic-local "today" the values and flags are computed for. */
  asOf: IsoDate;
  /** Month of `minutesThisMonth`. */
  month: YearMonth;
  timeZone: string;
  sort: CaseloadSort;
  order: SortOrder;
  capacity: CaseloadCapacity;
}
