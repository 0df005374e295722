import type { IsoDate } from './date.types';
import type { MeasureEmptyReason, MeasureId } from './quality-measure.types';

/** A rate with its counts; `rate` is null when the denominator is 0. Aggregates only, no identifiers. */
export interface RateCount {
  numerator: number;
  denominator: number;
  rate: number | null;
}

/** Outcomes of one calendar month among episodes with a PHQ-9 in that month (clinic time zone). */
export interface MonthlyOutcomePoint {
  /** `YYYY-MM`. */
  month: string;
  measured: number;
  response: RateCount;
  remission: RateCount;
  improved: RateCount;
}

/** A monthly series for the clinic or for one care manager. */
export interface OutcomeTrendSeries {
  /** `null` for the whole clinic. */
  careManagerId: string | null;
  label: string;
  points: MonthlyOutcomePoint[];
}

/**
 * The clinic's current calendar month (its time zone), which has not ended yet: its rates rest on a
 * few days of scores, so trends leave it out unless asked (`includePartialMonth=true`).
 */
export interface PartialMonth {
  /** `YYYY-MM`. */
  month: string;
  /** The clinic's today: data through this day. */
  throughDate: IsoDate;
  /** Days of the month so far, today included. */
  daysElapsed: number;
  daysInMonth: number;
  /** Whether `months` and the series include it. */
  included: boolean;
}

export interface OutcomeTrends {
  clinicId: string;
  months: string[];
  series: OutcomeTrendSeries[];
  /** The month before the current one (`YYYY-MM`): the default reporting month. */
  lastCompleteMonth: string;
  /** Its last day. */
  lastCompleteMonthEnd: IsoDate;
  partialMonth: PartialMonth;
}

/** Caseload size of one care manager (open episodes), against the capacity per FTE. */
export interface CaseloadSize {
  careManagerId: string;
  careManager: string;
  fte: number;
  openEpisodes: number;
  capacity: number;
  overCapacity: boolean;
}

/** NYS OMH-style program metrics on `asOf` (clinical-reference.md §Quality measures). */
export interface ProgramMetrics {
  asOf: IsoDate;
  /**
   * Improved (≥ 50% or < 10) among open episodes enrolled ≥ 70 days; episodes without a follow-up PHQ-9
   * count as not improved. Target ≥ 60%.
   */
  improvementRate: RateCount;
  /** Active episodes with a contact and a completed scale in the month of `asOf`. Target ≥ 80%. */
  monthlyContactWithScale: RateCount;
  /** Active, not improved, enrolled ≥ 60 days: consultant review in the last 60 days. Target ≥ 80%. */
  consultationRate: RateCount;
  /** Mean days from enrolment to discharge, episodes discharged in the 12 months to `asOf`. */
  averageTreatmentDays: number | null;
  dischargedEpisodes: number;
  caseloads: CaseloadSize[];
}

/** One population quality measure (aggregate counts only). */
export interface QualityMeasureSummary extends RateCount {
  measureId: MeasureId;
  label: string;
  /** Index period used. */
  indexPeriod: { start: IsoDate; end: IsoDate };
  /** Patients with an index event but whose follow-up window has not closed by `asOf`. */
  windowNotClosed: number;
  /** When the denominator is 0: which condition left every patient out. `null` otherwise. */
  emptyReason: MeasureEmptyReason | null;
}

export interface QualityMeasures {
  asOf: IsoDate;
  measures: QualityMeasureSummary[];
}

/** CoCM billing for a month across the clinic: patients per eligible code. */
export interface BillingSummary {
  month: string;
  patientsWithMinutes: number;
  totalMinutes: number;
  codes: { code: string; patients: number; units: number }[];
  /** Patients with some minutes but below every billable threshold. */
  belowThreshold: number;
}
