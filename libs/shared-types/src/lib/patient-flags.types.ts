import type { IsoDate, IsoTimestamp } from './date.types';
import type { Flag, FlagCode, FlagSeverity } from './flag.types';

/** Flags a clinician raises by hand (DB CHECK on `manual_flag.code`). */
export const ManualFlagCode = {
  /** Care manager asks for the patient at the next weekly review (agenda bucket "requested"). */
  DISCUSS_WITH_CONSULTANT: 'DISCUSS_WITH_CONSULTANT',
  /** Clinician's safety concern; treated like SAFETY (critical, top of the agenda). */
  SAFETY_CONCERN: 'SAFETY_CONCERN',
} as const;
/** One of {@link ManualFlagCode}'s values. */
export type ManualFlagCode = (typeof ManualFlagCode)[keyof typeof ManualFlagCode];

/** A staff member as shown next to patient data. */
export interface StaffRef {
  id: string;
  displayName: string;
}

/** A manual flag (open or resolved). */
export interface ManualFlagView {
  id: string;
  patientId: string;
  episodeId: string | null;
  code: ManualFlagCode;
  /** SAFETY_CONCERN critical, DISCUSS_WITH_CONSULTANT medium. */
  severity: FlagSeverity;
  note: string | null;
  raisedBy: StaffRef;
  raisedAt: IsoTimestamp;
  resolvedBy: StaffRef | null;
  resolvedAt: IsoTimestamp | null;
  resolutionNote: string | null;
  /** Optimistic-lock version; send it back to resolve. */
  version: number;
}

/** `GET /api/patients/:id/flags`: computed flags of the open episode plus open manual flags. */
export interface PatientFlagsResponse {
  patientId: string;
  /** The open episode the computed flags refer to; `null` when the patient has none. */
  episodeId: string | null;
  /** Clinic-local date the rules were evaluated for. */
  asOf: IsoDate;
  /** From `@huddle/scoring` `evaluateFlags` with the clinic's thresholds; most severe first. */
  computed: Flag[];
  /** Open (unresolved) manual flags, newest first. */
  manual: ManualFlagView[];
}

/** One flag in compact form (caseload rows, agenda entries): computed or manual. */
export interface FlagSummary {
  code: FlagCode | ManualFlagCode;
  severity: FlagSeverity;
  /** Short English explanation (`evidence.reason` for computed flags, the code's label for manual ones). */
  reason: string;
  source: 'computed' | 'manual';
}
