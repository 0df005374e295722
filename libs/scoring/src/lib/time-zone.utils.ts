import type { IsoDate, IsoTimestamp } from '@huddle/shared-types';
import { toDayNumber } from './date.utils';
import { ScoringValidationError } from './scoring-validation.error';

const MS_PER_DAY = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new ScoringValidationError('timeZone', `Unknown IANA time zone ${JSON.stringify(timeZone)}`);
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** Wall-clock time of `epochMs` in `timeZone`, expressed as if it were UTC milliseconds. */
function wallClockAsUtc(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const hour = parts['hour'] === 24 ? 0 : (parts['hour'] ?? 0);
  return Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    hour,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
}

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (New York in winter: −5 h). */
function offsetAt(epochMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallClockAsUtc(wholeSecond, timeZone) - wholeSecond;
}

/**
 * Throws a {@link ScoringValidationError} (field `timeZone`) unless `timeZone` is an IANA zone
 * the runtime knows, e.g. `America/New_York` or `UTC`.
 */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/**
 * Parses an ISO 8601 instant that carries an explicit offset (`Z` or `±hh:mm`) into epoch
 * milliseconds. Timestamps without an offset are ambiguous and rejected.
 */
export function parseInstant(value: IsoTimestamp, field: string): number {
  const wellFormed = typeof value === 'string' && ISO_INSTANT.test(value) && isCalendarDate(value.slice(0, 10));
  const ms = wellFormed ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw new ScoringValidationError(
      field,
      `${field} must be an ISO timestamp with an offset (e.g. 2025-01-31T23:30:00-05:00), got ${JSON.stringify(value)}`,
    );
  }
  return ms;
}

function isCalendarDate(value: string): boolean {
  try {
    toDayNumber(value, 'date');
    return true;
  } catch {
    return false;
  }
}

/**
 * The clinic-local calendar date of an instant (an ISO timestamp with offset, or a `Date`), e.g.
 * `toLocalIsoDate('2025-02-01T04:30:00Z', 'America/New_York') === '2025-01-31'`.
 * Use it to turn stored timestamps, or the injected clock's "now", into the `IsoDate`s the
 * day-based rules take.
 */
export function toLocalIsoDate(instant: IsoTimestamp | Date, timeZone = 'UTC'): IsoDate {
  const ms = instant instanceof Date ? instant.getTime() : parseInstant(instant, 'instant');
  if (Number.isNaN(ms)) throw new ScoringValidationError('instant', 'instant is an invalid Date');
  return new Date(wallClockAsUtc(ms, timeZone)).toISOString().slice(0, 10);
}

/** The clinic-local calendar date of `instant` and its minutes since local midnight (wall clock). */
export function localWallClock(instant: Date, timeZone: string): { date: IsoDate; minutes: number } {
  const wall = wallClockAsUtc(instant.getTime(), timeZone);
  const minutes = Math.floor((wall % MS_PER_DAY) / 60_000);
  return { date: new Date(wall).toISOString().slice(0, 10), minutes };
}

/**
 * Local midnights already worked out, by zone and date: each costs three `formatToParts` calls, and the
 * same few (a month's first day, an episode's) are asked for on every billing summary.
 */
const localMidnights = new Map<string, number>();
const LOCAL_MIDNIGHTS_KEPT = 10_000;

/**
 * Epoch milliseconds of local midnight starting `date` in `timeZone`. Where midnight does not
 * exist (a DST gap at 00:00) this is the first instant after the gap.
 */
export function startOfLocalDay(date: IsoDate, timeZone: string, field = 'date'): number {
  const key = `${timeZone}\u0000${date}`;
  const known = localMidnights.get(key);
  if (known !== undefined) return known;
  const start = computeStartOfLocalDay(date, timeZone, field);
  if (localMidnights.size >= LOCAL_MIDNIGHTS_KEPT) localMidnights.clear();
  localMidnights.set(key, start);
  return start;
}

function computeStartOfLocalDay(date: IsoDate, timeZone: string, field: string): number {
  const dayNumber = toDayNumber(date, field);
  const wallMidnight = dayNumber * MS_PER_DAY;
  const firstGuess = wallMidnight - offsetAt(wallMidnight, timeZone);
  const corrected = wallMidnight - offsetAt(firstGuess, timeZone);
  const localDay = Math.floor(wallClockAsUtc(corrected, timeZone) / MS_PER_DAY);
  return localDay < dayNumber ? firstGuess : corrected;
}
