import type { IsoDate } from '@huddle/shared-types';
import { daysBetween } from './date.utils';

/**
 * Referrals of positive screens to behavioural health and warm handoffs (issue #17), per
 * clinical-reference.md §Screening: "Warm handoff: the PCP introduces the patient to the
 * behavioural-health clinician in person (or by video) during the same visit. Track: referral date,
 * handoff yes/no and who took it, first behavioural-health contact date, enrolment date."
 *
 * Engagement (issue #17): at least 2 completed behavioural-health contacts within 30 days, counted
 * from the first contact on or after the referral (days 0–29 after it).
 */
export const ENGAGEMENT_RULE = Object.freeze({ minContacts: 2, windowDays: 30 });

/** Whether the completed contact dates (clinic-local) after a referral show engagement. */
export function isEngaged(referredOn: IsoDate, contactDates: readonly IsoDate[]): boolean {
  const after = contactDates.filter((d) => d >= referredOn).sort();
  const first = after[0];
  if (first === undefined) return false;
  return after.filter((d) => daysBetween(first, d) < ENGAGEMENT_RULE.windowDays).length >= ENGAGEMENT_RULE.minContacts;
}

export interface ReferralJourneyInput {
  readonly screenedOn: IsoDate | null;
  readonly referredOn: IsoDate;
  readonly warmHandoff: boolean;
  /** Completed behavioural-health contacts of the patient (clinic-local dates), any order. */
  readonly contactDates: readonly IsoDate[];
  /** Enrolment dates of the patient's episodes, any order. */
  readonly enrolledOn: readonly IsoDate[];
}

export interface ReferralJourney {
  readonly firstContactOn: IsoDate | null;
  readonly enrolledOn: IsoDate | null;
  readonly daysScreenToReferral: number | null;
  readonly daysReferralToFirstContact: number | null;
  readonly daysFirstContactToEnrolment: number | null;
  readonly engaged: boolean;
}

/** Days from positive screen → referral → first behavioural-health contact → enrolment (each on or after the referral). */
export function referralJourney(input: ReferralJourneyInput): ReferralJourney {
  const firstContactOn = [...input.contactDates].filter((d) => d >= input.referredOn).sort()[0] ?? null;
  const enrolledOn = [...input.enrolledOn].filter((d) => d >= input.referredOn).sort()[0] ?? null;
  return {
    firstContactOn,
    enrolledOn,
    daysScreenToReferral: input.screenedOn === null ? null : daysBetween(input.screenedOn, input.referredOn),
    daysReferralToFirstContact: firstContactOn === null ? null : daysBetween(input.referredOn, firstContactOn),
    daysFirstContactToEnrolment:
      firstContactOn === null || enrolledOn === null ? null : daysBetween(firstContactOn, enrolledOn),
    engaged: isEngaged(input.referredOn, input.contactDates),
  };
}

export interface HandoffSummary {
  readonly referrals: number;
  readonly warmHandoffs: number;
  readonly warmHandoffRate: number | null;
  /** Median days referral → first contact over referrals with a contact (`percentile_cont(0.5)`). */
  readonly medianDaysToFirstContact: number | null;
  readonly engaged: number;
  readonly engagementRate: number | null;
}

/** Median of numbers (mean of the two middle values for an even count), `null` when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Leadership's warm-handoff rate, median days to first contact and engagement over referrals. */
export function summariseHandoffs(referrals: readonly ReferralJourneyInput[]): HandoffSummary {
  const journeys = referrals.map(referralJourney);
  const warm = referrals.filter((r) => r.warmHandoff).length;
  const engaged = journeys.filter((j) => j.engaged).length;
  const rate = (n: number): number | null => (referrals.length === 0 ? null : n / referrals.length);
  return {
    referrals: referrals.length,
    warmHandoffs: warm,
    warmHandoffRate: rate(warm),
    medianDaysToFirstContact: median(
      journeys.map((j) => j.daysReferralToFirstContact).filter((d): d is number => d !== null),
    ),
    engaged,
    engagementRate: rate(engaged),
  };
}
