import type { EntityManager } from 'typeorm';

/**
 * Episode summaries of an import, set-based and once (issue #15). The statement triggers on `episode` and
 * `assessment` would refresh the same episodes twice (a new patient's referred episode when it is inserted,
 * again when its scores are); an import instead suspends them for its transaction
 * (`huddle.skip_summary`, the switch the triggers read, transaction-local) and refreshes every touched
 * open episode once, with the same function the triggers call (`episode_summary_refresh`), after its last
 * write — so the summary rows are the triggers' rows (apps/api/test/fhir-import.spec.ts proves it).
 */
export async function suspendSummaryTriggers(em: EntityManager): Promise<void> {
  await em.query(`SELECT set_config('huddle.skip_summary', 'on', true)`);
}

/**
 * Refreshes the summaries of the open episodes of `patientIds` (where imported scores land and where new
 * patients' episodes were created) and turns the triggers back on for the rest of the transaction.
 */
export async function refreshImportSummaries(em: EntityManager, patientIds: readonly string[]): Promise<void> {
  await em.query(`SELECT set_config('huddle.skip_summary', 'off', true)`);
  if (patientIds.length === 0) return;
  await em.query(
    `SELECT episode_summary_refresh(ARRAY(
       SELECT e.id FROM episode e WHERE e.patient_id = ANY($1::uuid[]) AND e.status <> 'discharged'))`,
    [patientIds],
  );
}

/**
 * `created_at` of an imported score: the transaction's time plus its entry order in microseconds (`ord`,
 * a SQL expression: the Bundle entry index, the CSV row number). Scores of one day are ordered by
 * (administered_on, created_at, id) wherever one is "the latest" (episode summary, flags); typed one by
 * one, they follow the order they were entered in, and so do imported ones — not the random order of
 * their ids, as with one shared `now()` (apps/api/test/import-typed-equivalence.spec.ts).
 */
export function entryOrderCreatedAt(ord: string): string {
  return `now() + ${ord} * interval '1 microsecond'`;
}
