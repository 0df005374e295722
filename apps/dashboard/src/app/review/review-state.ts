import type { RecommendationType } from '@huddle/shared-types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Monday (ISO week start) of the week containing `date` (`YYYY-MM-DD`, calendar arithmetic in UTC). */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const offset = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - offset);
  return d.toISOString().slice(0, 10);
}

/** The Monday `weeks` weeks after (negative: before) the week of `date`. */
export function shiftWeek(date: string, weeks: number): string {
  const d = new Date(`${mondayOf(date)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  return d.toISOString().slice(0, 10);
}

/** Review page state from the URL: `?week=YYYY-MM-DD&patient=<uuid>`; bad values are ignored. */
export function reviewStateFromParams(params: Readonly<Record<string, string | undefined>>): {
  weekOf: string | null;
  patientId: string | null;
} {
  const week = params['week'];
  const patient = params['patient'];
  return {
    weekOf: week && ISO_DATE.test(week) && !Number.isNaN(Date.parse(week)) ? mondayOf(week) : null,
    patientId: patient && UUID.test(patient) ? patient : null,
  };
}

/** One recommendation row of the review form. */
export interface RecommendationDraft {
  type: RecommendationType | '';
  detail: string;
  medication: string;
  dose: string;
}

/** Body of one recommendation in `POST /api/review/episodes/:episodeId/reviews`. */
export interface RecommendationInput {
  type: RecommendationType;
  detail: string;
  medication?: string;
  dose?: string;
}

const MEDICATION_TYPES: readonly RecommendationType[] = [
  'medication_start',
  'medication_change',
  'dose_change',
  'medication_stop',
];

export function needsMedication(type: RecommendationType | ''): boolean {
  return type !== '' && MEDICATION_TYPES.includes(type);
}

export function needsDose(type: RecommendationType | ''): boolean {
  return type === 'dose_change';
}

/**
 * Validates the structured recommendations and builds the request rows: a type and detail always,
 * a medication for start/change/stop/dose changes, a dose for dose changes. Blank rows are dropped.
 */
export function recommendationInputs(
  drafts: readonly RecommendationDraft[],
): { items: RecommendationInput[] } | { errors: Record<number, string[]> } {
  const errors: Record<number, string[]> = {};
  const items: RecommendationInput[] = [];
  drafts.forEach((d, i) => {
    const blank = !d.type && !d.detail.trim() && !d.medication.trim() && !d.dose.trim();
    if (blank) return;
    const problems: string[] = [];
    if (!d.type) problems.push('Choose a type');
    if (!d.detail.trim()) problems.push('Describe the recommendation');
    if (needsMedication(d.type) && !d.medication.trim()) problems.push('Name the medication');
    if (needsDose(d.type) && !d.dose.trim()) problems.push('Give the new dose');
    if (problems.length > 0 || !d.type) {
      errors[i] = problems;
      return;
    }
    const item: RecommendationInput = { type: d.type, detail: d.detail.trim() };
    if (d.medication.trim()) item.medication = d.medication.trim();
    if (d.dose.trim()) item.dose = d.dose.trim();
    items.push(item);
  });
  return Object.keys(errors).length > 0 ? { errors } : { items };
}
