import type { EpisodeStatus, InstrumentId, IsoDate, ManualFlagCode } from '@huddle/shared-types';

/** A complete score picked by the aggregate query. */
export interface ScoreRef {
  id: string;
  total: number;
  date: IsoDate;
}

/** An assessment that needs attention: safety answer (item 9 > 0) or incomplete form. */
export interface AttentionAssessment {
  id: string;
  instrument: InstrumentId;
  date: IsoDate;
  complete: boolean;
  total: number | null;
  safetyRisk: boolean;
  /** Answers of incomplete forms (to name the missing items); `null` for complete ones. */
  answers: Record<string, number | null> | null;
  /** Clinic-local date of the safety follow-up that resolved this safety answer, if any (issue #11). */
  safetyResolvedAt?: IsoDate | null;
}

/**
 * Everything the caseload, the agenda and the flag rules need about one open episode, reduced
 * in SQL to a handful of values (see docs/adr/0002-caseload-query.md): the baseline, previous and
 * latest PHQ-9 in the measurement window, baseline/latest GAD-7, the last outcome score, the
 * attention assessments, first initial assessment, last patient contact, minutes this month,
 * last review and open manual flags.
 */
export interface EpisodeAggregate {
  episodeId: string;
  patientId: string;
  status: EpisodeStatus;
  /** Enrolment date when the status is enrolled/active/relapse prevention, else `null`. */
  enrolledAt: IsoDate | null;
  dischargedAt: IsoDate | null;
  careManagerId: string | null;
  consultantId: string | null;
  givenName: string;
  familyName: string;
  mrn: string;
  reviewRequested: boolean;
  phq9First: ScoreRef | null;
  phq9Previous: ScoreRef | null;
  phq9Last: ScoreRef | null;
  phq9PercentChange: number | null;
  gad7First: ScoreRef | null;
  gad7Last: ScoreRef | null;
  gad7PercentChange: number | null;
  weeksInTreatment: number | null;
  /** Latest complete score of any outcome-tracking instrument up to `asOf` (no window). */
  lastOutcome: (ScoreRef & { instrument: InstrumentId }) | null;
  attention: AttentionAssessment[];
  firstInitialAssessmentAt: IsoDate | null;
  lastContactAt: IsoDate | null;
  minutesThisMonth: number;
  lastReviewAt: IsoDate | null;
  /** Review of the requested week (agenda), if any. */
  weekReviewId: string | null;
  /** Clinic-local date of that review. */
  weekReviewedOn: IsoDate | null;
  manualFlags: Array<{ id: string; code: ManualFlagCode }>;
  /** The care manager's display name, only when the query asked for it (`careManagerNames`). */
  careManagerName?: string | null;
}
