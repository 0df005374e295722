import type { FlagOf, IsoDate } from '@huddle/shared-types';
import { fromDayNumber } from './date.utils';
import { FLAG_SEVERITY } from './flag-thresholds.config';
import type { FlagRuleInput } from './flag-rule.model';

/**
 * NO_CONTACT_30D: the last patient contact (or, without any, enrolment) is more than 30 days
 * before `asOf`: a contact exactly 30 days ago still counts as "in the last 30 days". Outreach
 * attempts and care coordination are not patient contacts. Per clinical-reference.md
 * §Measurement-based care rules (Engagement).
 */
export function noContactRule(input: FlagRuleInput): FlagOf<'NO_CONTACT_30D'> | null {
  const last = input.facts.lastPatientContactDay;
  return elapsedFlag('NO_CONTACT_30D', input, last, input.thresholds.noContactDays, (days, lastDate) =>
    lastDate
      ? `No patient contact for ${days} days (last ${lastDate})`
      : `No patient contact in ${days} days since enrolment`,
  );
}

/**
 * NO_SCORE_30D: the last complete score of an outcome-tracking instrument (PHQ-9, GAD-7, PCL-5)
 * or, without any, enrolment is more than 30 days before `asOf`. Per clinical-reference.md
 * §Measurement-based care rules (Engagement).
 */
export function noScoreRule(input: FlagRuleInput): FlagOf<'NO_SCORE_30D'> | null {
  const last = input.facts.lastOutcomeScoreDay;
  return elapsedFlag('NO_SCORE_30D', input, last, input.thresholds.noScoreDays, (days, lastDate) =>
    lastDate
      ? `No completed outcome scale for ${days} days (last ${lastDate})`
      : `No completed outcome scale in ${days} days since enrolment`,
  );
}

/**
 * FIRST_FOLLOW_UP_OVERDUE: no patient contact after the initial assessment and more than 28 days
 * (4 weeks) have passed since it. Per clinical-reference.md §Measurement-based care rules
 * ("first follow-up contact within 4 weeks of the initial assessment"). Clears once any follow-up
 * happens, even a late one.
 */
export function firstFollowUpRule(input: FlagRuleInput): FlagOf<'FIRST_FOLLOW_UP_OVERDUE'> | null {
  const initialDay = input.facts.initialAssessmentDay;
  if (initialDay === null) return null;
  const lastContact = input.facts.lastPatientContactDay;
  const followedUp = lastContact !== null && lastContact > initialDay;
  const daysSince = input.asOfDay - initialDay;
  if (followedUp || daysSince <= input.thresholds.firstFollowUpDays) return null;
  const initialDate = fromDayNumber(initialDay);
  return {
    code: 'FIRST_FOLLOW_UP_OVERDUE',
    severity: FLAG_SEVERITY.FIRST_FOLLOW_UP_OVERDUE,
    evidence: {
      reason: `No follow-up contact ${daysSince} days after the initial assessment on ${initialDate} (due within ${input.thresholds.firstFollowUpDays})`,
      lastDate: null,
      countedFrom: initialDate,
      daysSince,
      thresholdDays: input.thresholds.firstFollowUpDays,
    },
  };
}

/**
 * NEVER_REVIEWED: an enrolled patient without any psychiatric-consultant review. Raised from the
 * day of enrolment so new patients reach the next weekly review (agenda bucket "new and never
 * reviewed", clinical-reference.md §Measurement-based care rules).
 */
export function neverReviewedRule(input: FlagRuleInput): FlagOf<'NEVER_REVIEWED'> | null {
  const { enrolledDay, asOfDay } = input;
  if (enrolledDay === null || input.facts.lastReviewDay !== null) return null;
  const enrolledAt = fromDayNumber(enrolledDay);
  const daysSinceEnrolment = Math.max(0, asOfDay - enrolledDay);
  return {
    code: 'NEVER_REVIEWED',
    severity: FLAG_SEVERITY.NEVER_REVIEWED,
    evidence: {
      reason: `Not yet reviewed by the psychiatric consultant (enrolled ${enrolledAt}, ${daysSinceEnrolment} days ago)`,
      enrolledAt,
      daysSinceEnrolment,
    },
  };
}

/**
 * REVIEW_OVERDUE: not improved (improved ≠ true, which includes "not yet measurable") and the
 * last consultant review more than 60 days ago. Per clinical-reference.md §Measurement-based care
 * rules (Review cadence, NYS psychiatric consultation rate). Never-reviewed patients get
 * NEVER_REVIEWED instead.
 */
export function reviewOverdueRule(input: FlagRuleInput): FlagOf<'REVIEW_OVERDUE'> | null {
  const improved = input.measures?.improved ?? null;
  const last = input.facts.lastReviewDay;
  if (improved === true || last === null) return null;
  const daysSince = input.asOfDay - last;
  if (daysSince <= input.thresholds.reviewOverdueDays) return null;
  const lastDate = fromDayNumber(last);
  return {
    code: 'REVIEW_OVERDUE',
    severity: FLAG_SEVERITY.REVIEW_OVERDUE,
    evidence: {
      reason: `Not improved and last consultant review ${daysSince} days ago (${lastDate}); due every ${input.thresholds.reviewOverdueDays} days`,
      lastDate,
      countedFrom: lastDate,
      daysSince,
      thresholdDays: input.thresholds.reviewOverdueDays,
      improved,
    },
  };
}

function elapsedFlag<C extends 'NO_CONTACT_30D' | 'NO_SCORE_30D'>(
  code: C,
  input: FlagRuleInput,
  last: number | null,
  thresholdDays: number,
  describe: (days: number, lastDate: IsoDate | null) => string,
): FlagOf<C> | null {
  const from = last ?? input.enrolledDay;
  if (from === null) return null;
  const daysSince = input.asOfDay - from;
  if (daysSince <= thresholdDays) return null;
  const lastDate = last === null ? null : fromDayNumber(last);
  const evidence = {
    reason: describe(daysSince, lastDate),
    lastDate,
    countedFrom: fromDayNumber(from),
    daysSince,
    thresholdDays,
  };
  return { code, severity: FLAG_SEVERITY[code], evidence } as FlagOf<C>;
}
