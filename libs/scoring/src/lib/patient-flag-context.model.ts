import type { AssessmentScoreResult, ContactType, EpisodeStatus, InstrumentId, IsoDate } from '@huddle/shared-types';

/** A stored assessment as the flag rules need it (the scoring result plus its date and review state). */
export interface FlagAssessmentInput
  extends Pick<AssessmentScoreResult, 'instrumentId' | 'total' | 'complete' | 'safetyRisk'> {
  readonly id: string;
  /** Clinic-local administration date. */
  readonly date: IsoDate;
  readonly missingItems?: readonly string[];
  /** When a clinician documented the follow-up of a safety answer (e.g. risk assessment done). */
  readonly safetyResolvedAt?: IsoDate | null;
  /** When a clinician reviewed this incomplete form. */
  readonly incompleteReviewedAt?: IsoDate | null;
}

/** A care-manager contact. Without a `type` it counts as a patient contact. */
export interface FlagContactInput {
  readonly date: IsoDate;
  readonly type?: ContactType;
}

/** The current episode of a patient. */
export interface FlagEpisodeInput {
  readonly status: EpisodeStatus;
  /** Enrolment (consent) date; `null` while referred. */
  readonly enrolledAt: IsoDate | null;
  /** Care manager's initial assessment; defaults to the first initial-assessment contact, then enrolment. */
  readonly initialAssessmentAt?: IsoDate | null;
  readonly dischargedAt?: IsoDate | null;
}

/** Everything `evaluateFlags` needs about one patient's current episode. Data after `asOf` is ignored. */
export interface PatientFlagContext {
  readonly patientId: string;
  readonly episode: FlagEpisodeInput;
  /** Instrument whose totals track progress (default PHQ-9). */
  readonly trackingInstrumentId?: InstrumentId;
  /** Assessments of this episode (any instrument). */
  readonly assessments: readonly FlagAssessmentInput[];
  readonly contacts: readonly FlagContactInput[];
  /** Dates of psychiatric-consultant reviews in this episode. */
  readonly consultantReviewDates: readonly IsoDate[];
}
