import type { BillingLine, CptCode } from './billing.types';
import type { YearMonth } from './date.types';

/** Why a patient of the month's worklist cannot be billed (stable codes; the words are `notBillableText`). */
export const NotBillableReason = {
  /** No care-manager minutes between consent and discharge in the month. */
  NO_MINUTES: 'NO_MINUTES',
  /** Some minutes, fewer than the lowest billable threshold (G2214). */
  BELOW_THRESHOLD: 'BELOW_THRESHOLD',
  /** Minutes reach a code, but the episode names no billing practitioner to submit the claim. */
  NO_BILLING_PRACTITIONER: 'NO_BILLING_PRACTITIONER',
} as const;
/** One of {@link NotBillableReason}'s values. */
export type NotBillableReason = (typeof NotBillableReason)[keyof typeof NotBillableReason];

/** One patient of the monthly billing worklist (`GET /api/billing/worklist?month=`). */
export interface BillingWorklistRow {
  patientId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  episodeId: string;
  /** Display name of the episode's care manager, `null` when unassigned. */
  careManager: string | null;
  /** Display name of the episode's billing practitioner (PCP), `null` when none is recorded. */
  billingPcp: string | null;
  /** Countable minutes (merged, clipped to consent … discharge and the month). */
  minutes: number;
  isFirstMonth: boolean;
  /** Codes with units; empty when not billable. */
  lines: BillingLine[];
  billable: boolean;
  notBillableReason: NotBillableReason | null;
  /** The reason in words, e.g. "12 minutes; G2214 needs 16". `null` when billable. */
  notBillableText: string | null;
}

/** The clinic's CoCM billing worklist for one calendar month in the clinic's time zone. */
export interface BillingWorklist {
  month: YearMonth;
  timeZone: string;
  patients: BillingWorklistRow[];
  totals: {
    patients: number;
    billablePatients: number;
    minutes: number;
    units: Partial<Record<CptCode, number>>;
  };
}
