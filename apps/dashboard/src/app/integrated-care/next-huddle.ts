import { nextHuddleDate } from '@huddle/scoring';
import type { ClinicCalendar } from '../core/clinic-calendar.service';

/**
 * Date of the clinic's next huddle now, as the API files items (libs/scoring `nextHuddleDate` in the
 * clinic's time zone), or null while the clinic is loading or has no huddle day.
 */
export function nextHuddleOf(calendar: ClinicCalendar, now: Date = new Date()): string | null {
  const huddle = calendar.huddle();
  const tz = calendar.timeZone();
  return huddle && tz ? nextHuddleDate(now, tz, huddle) : null;
}
