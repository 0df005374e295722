import type { YearMonth } from './date.types';

/** Collaborative-care billing codes. Per clinical-reference.md §Billing. */
export const CptCode = {
  /** Initial month, first 70 minutes (billable at ≥36). */
  CPT_99492: '99492',
  /** Subsequent months, first 60 minutes (billable at ≥31). */
  CPT_99493: '99493',
  /** Add-on, each additional 30 minutes (billable at ≥16 beyond the base). */
  CPT_99494: '99494',
  /** General BHI/CoCM first 30 minutes when 99492/99493 is not met (billable at ≥16). */
  G2214: 'G2214',
} as const;
/** One of {@link CptCode}'s values. */
export type CptCode = (typeof CptCode)[keyof typeof CptCode];

/** A code with its unit count. */
export interface BillingLine {
  code: CptCode;
  units: number;
}

/** The next code/unit the month can still reach. */
export interface NextBillingThreshold {
  code: CptCode;
  /** Countable minutes at which it becomes billable. */
  atMinutes: number;
  minutesNeeded: number;
}

/** Billing summary of one patient for one calendar month (`computeMonthlyBilling`). */
export interface MonthlyBillingResult {
  month: YearMonth;
  timeZone: string;
  /** Merged minutes inside the episode (consent → discharge) and the month, floored to whole minutes. */
  countableMinutes: number;
  /** The month contains the episode start (99492 rather than 99493). */
  isFirstMonth: boolean;
  /** Some day of the month lies between consent and discharge. */
  withinEpisode: boolean;
  /** 70 in the first month, 60 later. */
  baseMinutes: number;
  lines: BillingLine[];
  eligibleCodes: CptCode[];
  /** `null` when the month lies outside the episode (no minutes can count). */
  nextThreshold: NextBillingThreshold | null;
}
