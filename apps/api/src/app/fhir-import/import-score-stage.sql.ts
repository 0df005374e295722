import type { EntityManager } from 'typeorm';

/**
 * The imports' bulk path for scores (migration 1764000035000-import-bulk-path): new scores are staged in
 * the transaction's temporary table `import_score_stage`, then `huddle_import_scores` inserts them into
 * `assessment` (each on its patient's open episode) and their import keys into `import_key`, after one
 * set-based check that every staged patient is a patient of the clinic — instead of the per-row
 * foreign-key triggers. Summaries must be suspended (summary-refresh.sql.ts) and refreshed after.
 */
export async function createScoreStage(em: EntityManager): Promise<void> {
  // Created by the functions' owner (columns: migration 1764000035000); the API may insert into it and read it.
  await em.query(`SELECT huddle_import_score_stage()`);
}

/**
 * Inserts the staged scores (and, with `keyType`, their `key`s as import keys of that type); the number
 * inserted. Raises (and so rolls the caller's transaction back) when a staged patient is not of `clinicId`.
 */
export async function importStagedScores(
  em: EntityManager,
  clinicId: string,
  enteredBy: string,
  keyType: 'csv' | null,
): Promise<number> {
  const rows: Array<{ inserted: number }> = await em.query(`SELECT huddle_import_scores($1, $2, $3) AS inserted`, [
    clinicId,
    enteredBy,
    keyType,
  ]);
  return rows[0]?.inserted ?? 0;
}
