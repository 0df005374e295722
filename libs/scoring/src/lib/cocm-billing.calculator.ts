import {
  CptCode,
  StaffRole,
  type BillingLine,
  type IsoDate,
  type IsoTimestamp,
  type MonthlyBillingResult,
  type NextBillingThreshold,
  type YearMonth,
} from '@huddle/shared-types';
import { addMonths, fromDayNumber, monthBounds, monthOf, toDayNumber } from './date.utils';
import { intersect, mergeIntervals, totalLength, type Interval } from './minute-interval.utils';
import { ScoringValidationError } from './scoring-validation.error';
import { assertTimeZone, parseInstant, startOfLocalDay } from './time-zone.utils';

/** One logged block of time. */
export interface BillingTimeEntry {
  readonly staffId: string;
  /** Start instant with an explicit offset. */
  readonly startAt: IsoTimestamp;
  readonly minutes: number;
  /** When given, the entry counts only if the role is in `countedRoles` (default care manager). */
  readonly staffRole?: StaffRole;
  readonly activity?: string;
}

/** The episode dates that bound countable time (clinic-local calendar dates). */
export interface BillingEpisode {
  /** First day of the episode's collaborative care; its month is the "first month" (99492). */
  readonly startDate: IsoDate;
  /** Consent date; `null` = no consent, nothing counts. */
  readonly consentDate: IsoDate | null;
  /** Last countable day (inclusive), if discharged. */
  readonly dischargeDate?: IsoDate | null;
  /**
   * Started less than {@link NEW_EPISODE_GAP_MONTHS} after the patient's previous episode was discharged:
   * the same episode of care resumed, so its first month is not an initial month (no 99492).
   */
  readonly continuesEarlierEpisode?: boolean;
}

/**
 * A new episode may start after a gap of at least this many months since the last discharge
 * (clinical-reference.md §Episode states); a restart sooner continues the earlier episode of care.
 */
export const NEW_EPISODE_GAP_MONTHS = 6;

/** The dates an episode records, any of which may be missing. */
export interface EpisodeStartDates {
  readonly consentOn?: IsoDate | null;
  readonly enrolledOn?: IsoDate | null;
  readonly referredOn?: IsoDate | null;
}

/**
 * The order in which an episode's dates are tried for its initiating date. CoCM's initiating month
 * is the first calendar month of care on or after consent (clinical-reference.md §Billing: only
 * minutes between consent and discharge count; 99492 is the first month of the episode), so
 * consent comes first; enrolment and referral only stand in for an episode without consent (which
 * bills nothing anyway). SQL builds its `COALESCE` from this list.
 */
export const EPISODE_START_ORDER = ['consentOn', 'enrolledOn', 'referredOn'] as const satisfies ReadonlyArray<
  keyof EpisodeStartDates
>;

/**
 * The episode's initiating date (its month is the "first month", 99492): the first of
 * {@link EPISODE_START_ORDER} that is set. Consent on 30 Oct and enrolment on 3 Nov → 30 Oct, so
 * October is the initiating month and November a later month (99493).
 */
export function episodeInitiatingDate(dates: EpisodeStartDates): IsoDate | null {
  for (const key of EPISODE_START_ORDER) {
    const value = dates[key];
    if (value) return value;
  }
  return null;
}

/** Options of {@link computeMonthlyBilling}. */
export interface BillingOptions {
  /** Roles whose time counts (default: care manager only). */
  readonly countedRoles?: readonly StaffRole[];
}

/**
 * CoCM minute thresholds per clinical-reference.md §Billing. 99494 arithmetic: the add-on covers
 * each further 30 minutes beyond the base (70 first month / 60 later) and a unit is billable once
 * more than half of it (16 minutes) is reached, so with `extra = minutes − base`:
 * `units = extra < 16 ? 0 : floor((extra − 16) / 30) + 1`. First month: 1 unit at 86, 2 at 116;
 * later months: 1 unit at 76, 2 at 106.
 */
export const COCM_BILLING_RULES = Object.freeze({
  firstMonth: { code: CptCode.CPT_99492, billableAt: 36, baseMinutes: 70 },
  laterMonth: { code: CptCode.CPT_99493, billableAt: 31, baseMinutes: 60 },
  addOn: { code: CptCode.CPT_99494, blockMinutes: 30, billableAfterBase: 16 },
  general: { code: CptCode.G2214, billableAt: 16 },
});

const MS_PER_MINUTE = 60_000;

/**
 * CoCM billing for one patient and one calendar month in the clinic's IANA time zone.
 *
 * Countable time: each entry is the interval `[startAt, startAt + minutes)`, clipped to the month
 * (local midnight to local midnight, so an entry at 23:30 on Jan 31 in New York is January's)
 * and to the episode (consent day 00:00 to the end of the discharge day). Intervals of the same
 * staff member are merged so overlaps count once; different staff add up. The sum is floored to
 * whole minutes. Codes: ≥36 (first month) / ≥31 (later) → 99492/99493 plus 99494 units (see
 * {@link COCM_BILLING_RULES}); 16 up to the base threshold → G2214; below 16 → nothing.
 */
export function computeMonthlyBilling(
  timeEntries: readonly BillingTimeEntry[],
  episode: BillingEpisode,
  month: YearMonth,
  timeZone = 'UTC',
  options: BillingOptions = {},
): MonthlyBillingResult {
  assertTimeZone(timeZone);
  const { first } = monthBounds(month);
  const monthInterval: Interval = {
    start: startOfLocalDay(first, timeZone),
    end: startOfLocalDay(addMonths(first, 1), timeZone),
  };
  const episodeInterval = episodeIntervalOf(episode, timeZone);
  const isFirstMonth =
    monthOf(episode.startDate, 'episode.startDate') === month && episode.continuesEarlierEpisode !== true;
  const rule = isFirstMonth ? COCM_BILLING_RULES.firstMonth : COCM_BILLING_RULES.laterMonth;
  const countable = episodeInterval && intersect(monthInterval, episodeInterval);
  const countedRoles = options.countedRoles ?? [StaffRole.CARE_MANAGER];

  const byStaff = new Map<string, Interval[]>();
  timeEntries.forEach((entry, index) => {
    const interval = entryInterval(entry, index);
    if (entry.staffRole !== undefined && !countedRoles.includes(entry.staffRole)) return;
    const clipped = countable && intersect(interval, countable);
    if (clipped) byStaff.set(entry.staffId, [...(byStaff.get(entry.staffId) ?? []), clipped]);
  });
  const countedMs = [...byStaff.values()].reduce((sum, list) => sum + totalLength(mergeIntervals(list)), 0);
  const countableMinutes = Math.floor(countedMs / MS_PER_MINUTE);
  const lines = billingLines(countableMinutes, rule);

  return {
    month,
    timeZone,
    countableMinutes,
    isFirstMonth,
    withinEpisode: countable !== null,
    baseMinutes: rule.baseMinutes,
    lines,
    eligibleCodes: lines.map((line) => line.code),
    nextThreshold: countable === null ? null : nextThreshold(countableMinutes, rule),
  };
}

type BaseRule = typeof COCM_BILLING_RULES.firstMonth | typeof COCM_BILLING_RULES.laterMonth;

/** Number of 99494 units for `minutes` above a base of `baseMinutes`. */
export function addOnUnits(minutes: number, baseMinutes: number): number {
  const { blockMinutes, billableAfterBase } = COCM_BILLING_RULES.addOn;
  const extra = minutes - baseMinutes;
  return extra < billableAfterBase ? 0 : Math.floor((extra - billableAfterBase) / blockMinutes) + 1;
}

function billingLines(minutes: number, rule: BaseRule): BillingLine[] {
  if (minutes >= rule.billableAt) {
    const units = addOnUnits(minutes, rule.baseMinutes);
    const base: BillingLine = { code: rule.code, units: 1 };
    return units > 0 ? [base, { code: COCM_BILLING_RULES.addOn.code, units }] : [base];
  }
  if (minutes >= COCM_BILLING_RULES.general.billableAt) return [{ code: CptCode.G2214, units: 1 }];
  return [];
}

function nextThreshold(minutes: number, rule: BaseRule): NextBillingThreshold {
  const { general, addOn } = COCM_BILLING_RULES;
  let code: CptCode;
  let atMinutes: number;
  if (minutes < general.billableAt) {
    [code, atMinutes] = [general.code, general.billableAt];
  } else if (minutes < rule.billableAt) {
    [code, atMinutes] = [rule.code, rule.billableAt];
  } else {
    const units = addOnUnits(minutes, rule.baseMinutes);
    [code, atMinutes] = [addOn.code, rule.baseMinutes + addOn.billableAfterBase + units * addOn.blockMinutes];
  }
  return { code, atMinutes, minutesNeeded: atMinutes - minutes };
}

function episodeIntervalOf(episode: BillingEpisode, timeZone: string): Interval | null {
  if (episode.consentDate === null) return null;
  const start = startOfLocalDay(episode.consentDate, timeZone, 'episode.consentDate');
  const dischargeDate = episode.dischargeDate ?? null;
  const end =
    dischargeDate === null
      ? Number.POSITIVE_INFINITY
      : startOfLocalDay(fromDayNumber(toDayNumber(dischargeDate, 'episode.dischargeDate') + 1), timeZone);
  return end > start ? { start, end } : null;
}

function entryInterval(entry: BillingTimeEntry, index: number): Interval {
  const start = parseInstant(entry.startAt, `timeEntries[${index}].startAt`);
  if (typeof entry.minutes !== 'number' || !Number.isFinite(entry.minutes) || entry.minutes < 0) {
    throw new ScoringValidationError(
      `timeEntries[${index}].minutes`,
      `timeEntries[${index}].minutes must be a non-negative number, got ${String(entry.minutes)}`,
    );
  }
  return { start, end: start + entry.minutes * MS_PER_MINUTE };
}
