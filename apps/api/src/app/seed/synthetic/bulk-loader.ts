import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CopyFileWriter } from './copy-text';
import {
  generatePopulation,
  SYNTHETIC_TABLES,
  type PopulationCounts,
  type PopulationOptions,
  type SyntheticTable,
} from './synthetic-population';

export interface GeneratedFiles {
  dir: string;
  files: Record<SyntheticTable, string>;
  counts: PopulationCounts;
  generateMs: number;
}

export interface LoadTimings {
  copyMs: number;
  /** VACUUM (ANALYZE) after the commit. */
  vacuumMs: number;
}

const TABLES = Object.keys(SYNTHETIC_TABLES) as SyntheticTable[];

/** Generates the population into one COPY-text file per table (in a new temporary folder). */
export async function generateToFiles(options: PopulationOptions, dir?: string): Promise<GeneratedFiles> {
  const started = performance.now();
  const target = dir ?? (await mkdtemp(path.join(tmpdir(), 'huddle-population-')));
  const writers = Object.fromEntries(
    TABLES.map((t) => [t, new CopyFileWriter(path.join(target, `${t}.tsv`))]),
  ) as Record<SyntheticTable, CopyFileWriter>;
  const counts = await generatePopulation(options, (table, values) => writers[table].write(values));
  await Promise.all(TABLES.map((t) => writers[t].close()));
  return {
    dir: target,
    files: Object.fromEntries(TABLES.map((t) => [t, writers[t].path])) as Record<SyntheticTable, string>,
    counts,
    generateMs: performance.now() - started,
  };
}

/**
 * Loads generated files with `COPY … FROM STDIN` in foreign-key order, in one transaction (all or
 * nothing), ANALYZEs the tables so the planner sees the new sizes, and after the commit VACUUMs them.
 */
export async function copyFilesIntoDatabase(
  databaseUrl: string,
  files: Record<SyntheticTable, string>,
): Promise<LoadTimings> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN');
    // Per-row episode_summary triggers would dominate a load of millions of rows: skip them for this
    // transaction only and rebuild every summary in one set-based statement before committing.
    await client.query(`SET LOCAL huddle.skip_summary = 'on'`);
    for (const table of TABLES) {
      const columns = SYNTHETIC_TABLES[table].join(', ');
      await pipeline(createReadStream(files[table]), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
    }
    await client.query(`SET LOCAL huddle.skip_summary = 'off'`);
    await client.query(`ANALYZE ${TABLES.join(', ')}`);
    await client.query('SELECT episode_summary_rebuild()');
    // The per-clinic change notifications were skipped with the triggers: tell running API
    // instances that everything changed (migration 1764000006000).
    await client.query(`NOTIFY huddle_registry, '*'`);
    await client.query('COMMIT');
    const copied = performance.now();
    // Outside the transaction, as after any bulk load: statistics for the rebuilt summaries, and the
    // visibility map set (index-only scans) before the first users, not by autovacuum under their load.
    await client.query(`VACUUM (ANALYZE) ${[...TABLES, 'episode_summary'].join(', ')}`);
    return { copyMs: copied - started, vacuumMs: performance.now() - copied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

export async function removeGeneratedFiles(files: GeneratedFiles): Promise<void> {
  await rm(files.dir, { recursive: true, force: true });
}
