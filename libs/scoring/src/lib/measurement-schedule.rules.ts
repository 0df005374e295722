import { EpisodeStatus, type IsoDate, type SelfReportInstrumentId } from '@huddle/shared-types';
import { addDays, daysBetween } from './date.utils';
import { ScoringValidationError } from './scoring-validation.error';

/**
 * Measurement cadence of self-report (issue #16), clinic settings. Defaults per clinical-reference.md
 * §"Measurement cadence and self-report": every 2 weeks in active treatment, monthly in relapse
 * prevention; a link goes out a few days before the due date, a reminder 2 days after it, and the
 * link expires after 72 hours.
 */
export interface MeasurementScheduleSettings {
  /** Days between measures while enrolled or in active treatment. */
  readonly activeIntervalDays: number;
  /** Days between measures in relapse prevention. */
  readonly relapsePreventionIntervalDays: number;
  /** Days before the due date that the link is sent. */
  readonly leadDays: number;
  /** Days after sending that an unanswered link is reminded. */
  readonly reminderAfterDays: number;
  /** Hours a link stays valid. */
  readonly linkExpiryHours: number;
  /** Minutes a kiosk code stays valid. */
  readonly kioskCodeMinutes: number;
}

export const DEFAULT_MEASUREMENT_SCHEDULE: MeasurementScheduleSettings = {
  activeIntervalDays: 14,
  relapsePreventionIntervalDays: 30,
  leadDays: 3,
  reminderAfterDays: 2,
  linkExpiryHours: 72,
  kioskCodeMinutes: 30,
};

/** Accepted range of each setting (inclusive); outside it the API answers 400 naming the setting. */
export const MEASUREMENT_SCHEDULE_BOUNDS: Readonly<
  Record<keyof MeasurementScheduleSettings, readonly [number, number]>
> = {
  // "every 2–4 weeks in active treatment, at least monthly" (clinical-reference.md): 7–31 days.
  activeIntervalDays: [7, 31],
  relapsePreventionIntervalDays: [14, 92],
  leadDays: [0, 7],
  reminderAfterDays: [1, 7],
  linkExpiryHours: [24, 336],
  kioskCodeMinutes: [5, 240],
};

/** The instrument the schedule asks for and whose score completes a period (PHQ-9, per AIMS practice). */
export const SCHEDULED_INSTRUMENTS: readonly SelfReportInstrumentId[] = ['PHQ9'];

/** Episode statuses that are measured on a schedule, with the setting giving their interval. */
export const SCHEDULED_STATUS_INTERVAL: Readonly<
  Partial<Record<EpisodeStatus, 'activeIntervalDays' | 'relapsePreventionIntervalDays'>>
> = {
  [EpisodeStatus.ENROLLED]: 'activeIntervalDays',
  [EpisodeStatus.ACTIVE]: 'activeIntervalDays',
  [EpisodeStatus.RELAPSE_PREVENTION]: 'relapsePreventionIntervalDays',
};

/** What the schedule needs to know of an episode. */
export interface ScheduledEpisode {
  status: EpisodeStatus;
  /** Enrolment date (or referral date when not enrolled): the first measure is due then. */
  startedOn: IsoDate;
  /** Date of the last complete scheduled instrument in the episode, if any. */
  lastScoreOn: IsoDate | null;
}

/** Days between measures for an episode status, or `null` when the status is not measured on a schedule. */
export function measurementIntervalDays(
  status: EpisodeStatus,
  settings: MeasurementScheduleSettings = DEFAULT_MEASUREMENT_SCHEDULE,
): number | null {
  const key = SCHEDULED_STATUS_INTERVAL[status];
  return key ? settings[key] : null;
}

/**
 * The date the next measure is due: the last score plus the status's interval, or the start of the
 * episode when it has no score yet. `null` for statuses not on a schedule (referred, discharged).
 */
export function nextMeasureDue(
  episode: ScheduledEpisode,
  settings: MeasurementScheduleSettings = DEFAULT_MEASUREMENT_SCHEDULE,
): IsoDate | null {
  const interval = measurementIntervalDays(episode.status, settings);
  if (interval === null) return null;
  return episode.lastScoreOn === null ? episode.startedOn : addDays(episode.lastScoreOn, interval);
}

/** The first clinic-local day on which the link for a measure due on `dueOn` is sent. */
export function linkSendOn(
  dueOn: IsoDate,
  settings: MeasurementScheduleSettings = DEFAULT_MEASUREMENT_SCHEDULE,
): IsoDate {
  return addDays(dueOn, -settings.leadDays);
}

/** Whether a link for a measure due on `dueOn` should go out on clinic-local `today`. */
export function isLinkDue(
  dueOn: IsoDate,
  today: IsoDate,
  settings: MeasurementScheduleSettings = DEFAULT_MEASUREMENT_SCHEDULE,
): boolean {
  return daysBetween(linkSendOn(dueOn, settings), today) >= 0;
}

/**
 * @throws ScoringValidationError naming the first setting outside {@link MEASUREMENT_SCHEDULE_BOUNDS}
 * (or not a whole number).
 */
export function assertMeasurementSchedule(settings: Partial<MeasurementScheduleSettings>): void {
  for (const [key, [min, max]] of Object.entries(MEASUREMENT_SCHEDULE_BOUNDS)) {
    const value = settings[key as keyof MeasurementScheduleSettings];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ScoringValidationError(key, `${key} must be a whole number from ${min} to ${max}`);
    }
  }
}
