import { addDays, daysBetween } from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';

/** A known Monday, to count weekdays from. */
const REFERENCE_MONDAY = '2024-01-01';

/** Monday of the ISO week containing `date` (review weeks run Monday–Sunday, clinic-local). */
export function mondayOf(date: IsoDate): IsoDate {
  const offset = ((daysBetween(REFERENCE_MONDAY, date) % 7) + 7) % 7;
  return addDays(date, -offset);
}
