import type { BillingLine, CptCode, MonthlyBillingResult, NextBillingThreshold } from './billing.types';
import type { YearMonth } from './date.types';

/** `GET /api/patients/:id/billing?month=`: one patient's CoCM month. */
export interface PatientMonthlyBilling extends MonthlyBillingResult {
  patientId: string;
  /** The episode whose consent–discharge window bounds the month, or `null` if none does. */
  episodeId: string | null;
  /** All minutes logged for the patient that touch the month, before clipping and overlap merging. */
  loggedMinutes: number;
}

/** One patient line of the monthly billing report. */
export interface MonthlyBillingRow {
  patientId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  episodeId: string;
  careManagerId: string | null;
  countableMinutes: number;
  isFirstMonth: boolean;
  lines: BillingLine[];
  eligibleCodes: CptCode[];
  nextThreshold: NextBillingThreshold | null;
}

/** `GET /api/billing/monthly?month=`: every patient in the caller's scope with an episode in the month. */
export interface MonthlyBillingReport {
  month: YearMonth;
  timeZone: string;
  patients: MonthlyBillingRow[];
  totals: {
    patients: number;
    /** Patients with at least one eligible code. */
    billablePatients: number;
    /** Units per code over all patients. */
    units: Partial<Record<CptCode, number>>;
  };
}
