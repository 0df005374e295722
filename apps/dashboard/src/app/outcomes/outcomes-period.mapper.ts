import type { PartialMonth, QualityMeasureSummary } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';

/** `2026-03` → `March 2026`. */
export function monthLongLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** `December 2026 — month to date, 2 days`. */
export function partialMonthLabel(partial: Pick<PartialMonth, 'month' | 'daysElapsed'>): string {
  const days = `${partial.daysElapsed} ${partial.daysElapsed === 1 ? 'day' : 'days'}`;
  return `${monthLongLabel(partial.month)} — month to date, ${days}`;
}

/** The last day of the month before `today`'s (`YYYY-MM-DD`): the end of the last complete month. */
export function lastCompleteMonthEnd(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 0)).toISOString().slice(0, 10);
}

/** The `count` months ending with `month` (`YYYY-MM`), newest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 - i, 1)).toISOString().slice(0, 7),
  );
}

const patients = (n: number): string => `${n} ${n === 1 ? 'patient' : 'patients'}`;

/**
 * Why a quality measure has nobody in its denominator, from the API's `emptyReason` (the condition
 * that left every patient out, clinical-reference.md §Quality measures). `null` when it has patients.
 */
export function emptyMeasureText(
  m: Pick<QualityMeasureSummary, 'denominator' | 'emptyReason' | 'indexPeriod'>,
): string | null {
  const r = m.emptyReason;
  if (m.denominator > 0 || !r) return null;
  const period = `between ${formatIsoDate(m.indexPeriod.start)} and ${formatIsoDate(m.indexPeriod.end)}`;
  switch (r.code) {
    case 'NO_INDEX_EVENT':
      return r.patientsScored === 0
        ? `No eligible patients: nobody had a PHQ-9 ${period}, so nobody had an index PHQ-9 above ${r.indexAbove}.`
        : `No eligible patients: nobody had an index PHQ-9 above ${r.indexAbove} ${period} (${patients(r.patientsScored)} scored, all ${r.indexAbove} or below).`;
    case 'NO_DEPRESSION_DIAGNOSIS':
      return `No eligible patients: ${patients(r.patientsWithIndexScore)} had a PHQ-9 above ${r.indexAbove} ${period}, but none has a depression diagnosis (F32, F33, F34.1).`;
    case 'EXCLUDED':
      return `No eligible patients: all ${patients(r.patientsWithDiagnosis)} with an index PHQ-9 and a depression diagnosis are excluded (bipolar disorder).`;
    case 'WINDOW_NOT_CLOSED':
      return `No eligible patients yet: ${patients(r.windowNotClosed)} qualify, but their follow-up windows have not closed.`;
  }
}
