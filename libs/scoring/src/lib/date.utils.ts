import type { IsoDate, YearMonth } from '@huddle/shared-types';
import { ScoringValidationError } from './scoring-validation.error';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/**
 * Parses a calendar date `YYYY-MM-DD` into a day number (days since 1970-01-01). Calendar dates
 * carry no zone, so arithmetic on day numbers is free of DST effects.
 * @throws ScoringValidationError naming `field` when the value is not a real calendar date.
 */
export function toDayNumber(value: IsoDate, field: string): number {
  const known = typeof value === 'string' ? dayNumbers.get(value) : undefined;
  if (known !== undefined) return known;
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      if (dayNumbers.size >= DAY_NUMBERS_KEPT) dayNumbers.clear();
      dayNumbers.set(value, ms / MS_PER_DAY);
      return ms / MS_PER_DAY;
    }
  }
  throw new ScoringValidationError(field, `${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/**
 * Valid dates already parsed (issue #13: a caseload or agenda evaluates the flags of hundreds of episodes
 * whose few distinct dates were parsed and checked again and again). Only valid dates are kept, so an
 * invalid value always throws; bounded, cleared when full.
 */
const dayNumbers = new Map<string, number>();
const DAY_NUMBERS_KEPT = 20_000;

/** Formats a day number (see {@link toDayNumber}) as `YYYY-MM-DD`. */
export function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to, 'date') - toDayNumber(from, 'date');
}

/** `date` plus `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date, 'date') + days);
}

/**
 * `date` plus `months` calendar months, clamped to the end of the target month
 * (2024-02-29 + 12 months = 2025-02-28).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const dayNumber = toDayNumber(date, 'date');
  const start = new Date(dayNumber * MS_PER_DAY);
  const targetMonth = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return fromDayNumber(Date.UTC(start.getUTCFullYear(), targetMonth, day) / MS_PER_DAY);
}

/** First and last calendar day of a `YYYY-MM` month. */
export function monthBounds(month: YearMonth, field = 'month'): { first: IsoDate; last: IsoDate } {
  const match = typeof month === 'string' ? YEAR_MONTH.exec(month) : null;
  const monthIndex = match ? Number(match[2]) : 0;
  if (!match || monthIndex < 1 || monthIndex > 12) {
    throw new ScoringValidationError(field, `${field} must be a calendar month YYYY-MM, got ${JSON.stringify(month)}`);
  }
  const first: IsoDate = `${month}-01`;
  return { first, last: addDays(addMonths(first, 1), -1) };
}

/** The `YYYY-MM` month of a calendar date. */
export function monthOf(date: IsoDate, field = 'date'): YearMonth {
  toDayNumber(date, field);
  return date.slice(0, 7);
}
