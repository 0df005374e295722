import type { EntityManager } from 'typeorm';
import { sexSpecificCutoffs, type SexSpecificCutoff } from '@huddle/scoring';

/**
 * The cut-offs that differ from the one scoring applies without a sex (AUDIT-C for women): what a score
 * scored before its patient's sex was known (imports) must be re-judged by.
 */
export const SEX_CUTOFFS_BEYOND_DEFAULT: readonly SexSpecificCutoff[] = sexSpecificCutoffs().filter(
  (c) => c.differsFromDefault,
);

/**
 * Re-judges the stored positive screens of `patientIds` whose instrument's cut-off depends on the patient's
 * recorded sex, at the cut-offs given (`@huddle/scoring` `sexSpecificCutoffs()`: the library's thresholds,
 * never restated here); pairs not given are left alone. Returns how many scores changed.
 */
export async function rejudgeSexSpecificScreens(
  em: EntityManager,
  patientIds: readonly string[],
  cutoffs: readonly SexSpecificCutoff[],
): Promise<number> {
  if (patientIds.length === 0 || cutoffs.length === 0) return 0;
  const rows: Array<{ changed: number }> = await em.query(
    `WITH cutoff AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::int[]) AS c(sex, instrument, threshold)
     ), changed AS (
       UPDATE assessment a SET positive_screen = a.total >= c.threshold
       FROM patient p, cutoff c
       WHERE a.patient_id = ANY($1::uuid[]) AND p.id = a.patient_id
         AND c.sex IS NOT DISTINCT FROM p.gender AND a.instrument = c.instrument AND a.total IS NOT NULL
         AND a.positive_screen IS DISTINCT FROM (a.total >= c.threshold)
       RETURNING 1)
     SELECT count(*)::int AS changed FROM changed`,
    [patientIds, cutoffs.map((c) => c.sex), cutoffs.map((c) => c.instrument), cutoffs.map((c) => c.threshold)],
  );
  return rows[0]?.changed ?? 0;
}
