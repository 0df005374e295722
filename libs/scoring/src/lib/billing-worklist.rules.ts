import type { BillingLine, NotBillableReason } from '@huddle/shared-types';
import { COCM_BILLING_RULES } from './cocm-billing.calculator';

/** What decides whether one patient's CoCM month can be submitted. */
export interface WorklistBillingInput {
  /** Countable minutes (consent … discharge, merged, clipped to the month). */
  minutes: number;
  /** Codes the minutes reach (`computeMonthlyBilling`). */
  lines: readonly BillingLine[];
  /** The episode names a billing practitioner (the PCP who submits the claim). */
  hasBillingPractitioner: boolean;
}

/**
 * Why a patient of the monthly worklist is not billable, with the words for the screen and the CSV;
 * `null` when a claim can be submitted. Per clinical-reference.md §Billing: the lowest billable code is
 * G2214 at ≥ 16 minutes, and the record needs a billing practitioner.
 */
export function notBillableReason(input: WorklistBillingInput): { code: NotBillableReason; text: string } | null {
  const lowest = COCM_BILLING_RULES.general;
  if (input.lines.length === 0) {
    return input.minutes <= 0
      ? { code: 'NO_MINUTES', text: 'No care-manager minutes in the episode this month' }
      : {
          code: 'BELOW_THRESHOLD',
          text: `${input.minutes} ${input.minutes === 1 ? 'minute' : 'minutes'}; ${lowest.code} needs ${lowest.billableAt}`,
        };
  }
  if (!input.hasBillingPractitioner) {
    return { code: 'NO_BILLING_PRACTITIONER', text: 'No billing practitioner on the episode' };
  }
  return null;
}
