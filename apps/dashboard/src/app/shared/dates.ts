/** Browser-local calendar date `YYYY-MM-DD` (form defaults; the API validates against the clinic's "today"). */
export function localIsoDate(date: Date = new Date()): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** `YYYY-MM-DDTHH:mm` for `<input type="datetime-local">`, browser-local. */
export function localDateTimeInput(date: Date = new Date()): string {
  const hh = String(date.getHours()).padStart(2, '0');
  const mm = String(date.getMinutes()).padStart(2, '0');
  return `${localIsoDate(date)}T${hh}:${mm}`;
}

/** An ISO date `YYYY-MM-DD` as a UTC-midnight Date (for charts: no time-zone shifts). */
export function isoDateToUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Short date label, e.g. `12 Mar 2026` (UTC, so a calendar date never shifts by a day). */
export function formatIsoDate(date: string | null | undefined): string {
  if (!date) return '—';
  const d = isoDateToUtc(date.slice(0, 10));
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetweenIso(from: string, to: string): number {
  return Math.round((isoDateToUtc(to).getTime() - isoDateToUtc(from).getTime()) / 86_400_000);
}
