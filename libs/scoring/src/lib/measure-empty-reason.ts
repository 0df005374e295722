import type { MeasureEmptyReason } from '@huddle/shared-types';

/** Patients of an index period, counted at each condition of a depression outcome measure. */
export type MeasureFunnel = Omit<MeasureEmptyReason, 'code'> & {
  /** Patients in the denominator (window closed). */
  denominator: number;
};

/**
 * Why a depression outcome measure (HEDIS DRR-E, CMS159, CBE 1885) has nobody in its denominator:
 * the first of its conditions — an index PHQ-9 > 9 in the index period, a depression diagnosis, no
 * exclusion (bipolar disorder), a follow-up window closed by `asOf` — that no patient passed
 * (clinical-reference.md §Quality measures). The same codes, in the same order, as the per-patient
 * reasons of `computeDrrEMeasures` / `computeCms159Remission`. `null` when someone is counted.
 */
export function explainEmptyMeasure(funnel: MeasureFunnel): MeasureEmptyReason | null {
  if (funnel.denominator > 0) return null;
  const { denominator: _denominator, ...counts } = funnel;
  const code: MeasureEmptyReason['code'] =
    funnel.patientsWithIndexScore === 0
      ? 'NO_INDEX_EVENT'
      : funnel.patientsWithDiagnosis === 0
        ? 'NO_DEPRESSION_DIAGNOSIS'
        : funnel.patientsExcluded >= funnel.patientsWithDiagnosis
          ? 'EXCLUDED'
          : 'WINDOW_NOT_CLOSED';
  return { code, ...counts };
}
