import type { IsoDate } from './date.types';
import type { InstrumentId } from './instrument.types';

/** Stable codes of the registry's flags; the dashboard maps them to words and colours. */
export const FlagCode = {
  SAFETY: 'SAFETY',
  NOT_IMPROVING_EARLY: 'NOT_IMPROVING_EARLY',
  NOT_IMPROVING: 'NOT_IMPROVING',
  WORSENING: 'WORSENING',
  NO_CONTACT_30D: 'NO_CONTACT_30D',
  NO_SCORE_30D: 'NO_SCORE_30D',
  FIRST_FOLLOW_UP_OVERDUE: 'FIRST_FOLLOW_UP_OVERDUE',
  NEVER_REVIEWED: 'NEVER_REVIEWED',
  REVIEW_OVERDUE: 'REVIEW_OVERDUE',
  INCOMPLETE_FORM_NEEDS_REVIEW: 'INCOMPLETE_FORM_NEEDS_REVIEW',
  CASELOAD_OVER_CAPACITY: 'CASELOAD_OVER_CAPACITY',
} as const;
/** One of {@link FlagCode}'s values. */
export type FlagCode = (typeof FlagCode)[keyof typeof FlagCode];

/** Urgency of a flag, most urgent first. */
export const FlagSeverity = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
} as const;
/** One of {@link FlagSeverity}'s values. */
export type FlagSeverity = (typeof FlagSeverity)[keyof typeof FlagSeverity];

/** Every evidence object carries a short English explanation. */
interface EvidenceBase {
  reason: string;
}

/** An assessment cited as evidence. */
export interface FlaggedAssessment {
  assessmentId: string;
  instrumentId: InstrumentId;
  date: IsoDate;
}

/** Evidence of progress flags (NOT_IMPROVING, NOT_IMPROVING_EARLY). */
export interface ProgressEvidence extends EvidenceBase {
  instrumentId: InstrumentId;
  weeksInTreatment: number;
  thresholdWeeks: number;
  baselineScore: number;
  baselineDate: IsoDate;
  latestScore: number;
  latestDate: IsoDate;
  percentChange: number | null;
  targetScore: number | null;
}

/** Evidence of "days since X" flags. `lastDate` is null when it never happened. */
export interface ElapsedEvidence extends EvidenceBase {
  lastDate: IsoDate | null;
  /** The date the days are counted from (`lastDate`, or enrolment / initial assessment). */
  countedFrom: IsoDate;
  daysSince: number;
  thresholdDays: number;
}

/** Structured evidence per flag code ("why flagged"). */
export interface FlagEvidenceByCode {
  SAFETY: EvidenceBase & { assessments: FlaggedAssessment[] };
  NOT_IMPROVING_EARLY: ProgressEvidence;
  NOT_IMPROVING: ProgressEvidence;
  WORSENING: EvidenceBase & {
    instrumentId: InstrumentId;
    previousScore: number;
    previousDate: IsoDate;
    latestScore: number;
    latestDate: IsoDate;
    increase: number;
    thresholdPoints: number;
  };
  NO_CONTACT_30D: ElapsedEvidence;
  NO_SCORE_30D: ElapsedEvidence;
  FIRST_FOLLOW_UP_OVERDUE: ElapsedEvidence;
  NEVER_REVIEWED: EvidenceBase & { enrolledAt: IsoDate; daysSinceEnrolment: number };
  REVIEW_OVERDUE: ElapsedEvidence & { improved: boolean | null };
  INCOMPLETE_FORM_NEEDS_REVIEW: EvidenceBase & {
    assessments: (FlaggedAssessment & { missingItems: string[] })[];
  };
  CASELOAD_OVER_CAPACITY: EvidenceBase & { activePatients: number; capacity: number };
}

/** A raised flag: stable code, severity and structured evidence (discriminated on `code`). */
export type Flag = {
  [C in FlagCode]: { code: C; severity: FlagSeverity; evidence: FlagEvidenceByCode[C] };
}[FlagCode];

/** The flag variant of one code. */
export type FlagOf<C extends FlagCode> = Extract<Flag, { code: C }>;
