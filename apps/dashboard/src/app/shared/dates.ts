/**
 * Dates in the dashboard (issue #11 item 8): every displayed date is prose ("1 Dec 2026", with a time
 * "1 Dec 2026, 14:05"), and instants are shown and defaulted in the clinic's time zone, not the
 * browser's. `ClinicCalendar` calls {@link setDisplayTimeZone} once the clinic's zone is known.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The clinic's IANA zone for displays; null until known (instants then show as written). */
let displayTimeZone: string | null = null;

/** Sets the zone instants are displayed in (the clinic's); null: not known yet. */
export function setDisplayTimeZone(timeZone: string | null): void {
  displayTimeZone = timeZone;
}

/** The zone instants are displayed in, or null when the clinic's is not known yet. */
export function getDisplayTimeZone(): string | null {
  return displayTimeZone;
}

/** Browser-local calendar date `YYYY-MM-DD` (only a fallback before the clinic's zone is known). */
export function localIsoDate(date: Date = new Date()): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** `YYYY-MM-DDTHH:mm` for `<input type="datetime-local">`, browser-local (fallback; see {@link dateTimeInputInZone}). */
export function localDateTimeInput(date: Date = new Date()): string {
  const hh = String(date.getHours()).padStart(2, '0');
  const mm = String(date.getMinutes()).padStart(2, '0');
  return `${localIsoDate(date)}T${hh}:${mm}`;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function wallClockIn(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar date `YYYY-MM-DD` of `instant` in `timeZone`. */
export function isoDateInZone(instant: Date, timeZone: string): string {
  const w = wallClockIn(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * `YYYY-MM-DDTHH:mm` of `instant` on the clinic's wall clock, for `<input type="datetime-local">`
 * defaults and maxima; the browser's when the zone is not known.
 */
export function dateTimeInputInZone(instant: Date, timeZone: string | null): string {
  if (!timeZone) return localDateTimeInput(instant);
  const w = wallClockIn(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant (ISO 8601, UTC) of a `YYYY-MM-DDTHH:mm` wall-clock reading in `timeZone` (the browser's
 * when null), e.g. a contact's "Started" typed on the clinic's clock.
 */
export function zonedDateTimeToIso(local: string, timeZone: string | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) throw new RangeError(`Not a date-time: ${local}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!timeZone) return new Date(y, mo - 1, d, h, mi, s).toISOString();
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsetAt = (t: number): number => {
    const w = wallClockIn(new Date(t), timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t;
  };
  // The offset at a first guess, then at the instant it gives (settles across a DST change).
  const guess = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(guess)).toISOString();
}

/** An ISO date `YYYY-MM-DD` as a UTC-midnight Date (for charts: no time-zone shifts). */
export function isoDateToUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

const prose = (year: number, month: number, day: number): string => `${day} ${MONTHS[month - 1]} ${year}`;

/**
 * A date as prose, e.g. `12 Mar 2026`. A calendar date (`YYYY-MM-DD`) never shifts by a day; an instant
 * (`…T…Z`) shows its date in the clinic's time zone (as written until that zone is known).
 */
export function formatIsoDate(date: string | null | undefined): string {
  if (!date) return '—';
  if (!DATE_ONLY.test(date) && displayTimeZone) {
    const instant = new Date(date);
    if (!Number.isNaN(instant.getTime())) {
      const w = wallClockIn(instant, displayTimeZone);
      return prose(w.year, w.month, w.day);
    }
  }
  const d = isoDateToUtc(date.slice(0, 10));
  if (Number.isNaN(d.getTime())) return date;
  return prose(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * Free text from the API (flag evidence reasons, agenda reasons) with its ISO calendar dates written
 * as prose: "answered above 0 on 2026-12-01" → "answered above 0 on 1 Dec 2026". `libs/scoring` states
 * evidence with ISO dates (stable, language-free); the dashboard renders the words.
 */
export function proseDates(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => formatIsoDate(iso));
}

/**
 * An instant as prose with the time, e.g. `1 Dec 2026, 14:05`, on the clinic's wall clock
 * (`timeZone`, default the clinic's; the browser's until it is known).
 */
export function formatDateTime(
  instant: string | Date | null | undefined,
  timeZone: string | null = displayTimeZone,
): string {
  if (!instant) return '—';
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return String(instant);
  if (!timeZone) {
    return `${prose(d.getFullYear(), d.getMonth() + 1, d.getDate())}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  const w = wallClockIn(d, timeZone);
  return `${prose(w.year, w.month, w.day)}, ${pad(w.hour)}:${pad(w.minute)}`;
}

/** Month as prose, e.g. `Mar 2026`, from `YYYY-MM`. */
export function formatIsoMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : month;
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetweenIso(from: string, to: string): number {
  return Math.round((isoDateToUtc(to).getTime() - isoDateToUtc(from).getTime()) / 86_400_000);
}

/** Whole years from `birthDate` to `today` (both `YYYY-MM-DD`, the clinic's today). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The name of an ISO weekday (1 = Monday … 7 = Sunday). */
export function weekdayName(isoWeekday: number): string {
  return WEEKDAYS[isoWeekday - 1] ?? '';
}

/** A calendar date with its weekday, e.g. `Tuesday 17 Mar 2026`. */
export function formatIsoDateWithWeekday(date: string): string {
  const d = isoDateToUtc(date);
  if (Number.isNaN(d.getTime())) return date;
  return `${weekdayName(((d.getUTCDay() + 6) % 7) + 1)} ${formatIsoDate(date)}`;
}
