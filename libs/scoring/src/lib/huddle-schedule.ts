import type { IsoDate } from '@huddle/shared-types';
import { ScoringValidationError } from './scoring-validation.error';
import { localWallClock } from './time-zone.utils';

/**
 * A clinic's weekly team huddle (issue #17): ISO weekday (1 = Monday … 7 = Sunday) and the local
 * start time "HH:MM" in the clinic's time zone.
 */
export interface HuddleSchedule {
  weekday: number;
  time: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MS_PER_DAY = 86_400_000;

/** Throws a {@link ScoringValidationError} naming `huddle.weekday` or `huddle.time` when out of range. */
export function assertHuddleSchedule(schedule: HuddleSchedule): void {
  if (!Number.isInteger(schedule.weekday) || schedule.weekday < 1 || schedule.weekday > 7) {
    throw new ScoringValidationError('huddle.weekday', 'huddle.weekday must be 1 (Monday) to 7 (Sunday)');
  }
  if (!TIME.test(schedule.time)) {
    throw new ScoringValidationError('huddle.time', 'huddle.time must be a time HH:MM (24-hour)');
  }
}

/**
 * The date (clinic calendar) of the next huddle at `now`: today when today is the huddle's weekday
 * and the huddle has not started yet (local time before its start), else the next such weekday. An
 * item put on the huddle at or after its start waits for the following week's.
 */
export function nextHuddleDate(now: Date, timeZone: string, schedule: HuddleSchedule): IsoDate {
  assertHuddleSchedule(schedule);
  const { date, minutes } = localWallClock(now, timeZone);
  const today = Date.parse(`${date}T00:00:00Z`);
  const weekday = ((new Date(today).getUTCDay() + 6) % 7) + 1; // ISO: Monday 1 … Sunday 7
  const [h, m] = schedule.time.split(':').map(Number) as [number, number];
  let ahead = (schedule.weekday - weekday + 7) % 7;
  if (ahead === 0 && minutes >= h * 60 + m) ahead = 7;
  return new Date(today + ahead * MS_PER_DAY).toISOString().slice(0, 10);
}
