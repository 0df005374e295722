import type { DatedScore, InstrumentId, IsoDate } from '@huddle/shared-types';

/** Per-patient, per-episode input of the NYS OMH program metrics. */
export interface ProgramPatient {
  readonly patientId: string;
  readonly enrolledAt: IsoDate;
  readonly dischargedAt?: IsoDate | null;
  /** Instrument of `scores` (default PHQ-9). */
  readonly instrumentId?: InstrumentId;
  /** Totals of the tracking instrument in this episode (null = incomplete, ignored). */
  readonly scores: readonly DatedScore[];
  /** Patient contacts; `withCompletedScale` when a measurement scale was completed in the contact. */
  readonly contacts?: readonly { readonly date: IsoDate; readonly withCompletedScale: boolean }[];
  readonly consultantReviewDates?: readonly IsoDate[];
}
