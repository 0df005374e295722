import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { canonicalJson, type AuditHashedRow } from '../../audit/audit.service';
import { CopyFileWriter } from './copy-text';
import {
  generatePopulation,
  SYNTHETIC_TABLES,
  type PopulationCounts,
  type PopulationOptions,
  type SyntheticTable,
} from './synthetic-population';
import { restoreTables, suspendTables } from './table-suspension.sql';

export interface GeneratedFiles {
  dir: string;
  files: Record<SyntheticTable, string>;
  counts: PopulationCounts;
  generateMs: number;
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

/** The phases of a bulk load, in milliseconds (`totalMs` from BEGIN to COMMIT). */
export interface LoadTimings {
  /** COPY of every file into the bare tables. */
  copyMs: number;
  /** Keys and indexes built, foreign keys re-added and validated, triggers enabled. */
  indexMs: number;
  /** ANALYZE, then the episode summaries derived set-based. */
  summaryMs: number;
  /** BEGIN … COMMIT: everything above plus taking the tables apart and the audit row. */
  totalMs: number;
  /** VACUUM (ANALYZE) after the commit. */
  vacuumMs: number;
  /** Rows copied, by table. */
  rows: Record<SyntheticTable, number>;
}

/** The derived table the loader rebuilds set-based instead of row by row (migration 1764000005000). */
const SUMMARY_TABLE = 'episode_summary';

/**
 * Loads generated files in one transaction (all or nothing), near the speed of a bare COPY (issue #13
 * item 4): the tables' indexes, keys and triggers are taken off ({@link suspendTables}), every file is
 * COPYed (FREEZE when the table was empty), the indexes are built once and the foreign keys validated
 * set-based, the episode summaries derived by one INSERT … SELECT over the same view the triggers use,
 * and ONE audit row lists what the batch loaded. Running API instances are told everything changed.
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
    // Index builds sort in memory and use the parallel maintenance workers (both cores); the commit of
    // the load does not wait for its WAL flush (a crash before the flush loses the whole load, never
    // part of it: the load is one transaction).
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await client.query(`SET LOCAL max_parallel_maintenance_workers = 2`);
    await client.query(`SET LOCAL synchronous_commit = off`);
    const suspended = await suspendTables(client, [...TABLES, SUMMARY_TABLE]);
    const { rows, frozen } = await copyAll(client, files);
    const copied = performance.now();
    await restoreTables(client, suspended);
    const indexed = performance.now();
    await client.query(`ANALYZE ${TABLES.join(', ')}`);
    await client.query('SELECT episode_summary_rebuild()');
    const summarised = performance.now();
    await appendLoadAudit(client, rows, await clinicIds(files.clinic));
    // The per-clinic change notifications were skipped with the triggers: tell running API
    // instances that everything changed (migration 1764000006000).
    await client.query(`NOTIFY huddle_registry, '*'`);
    await client.query('COMMIT');
    const committed = performance.now();
    // Outside the transaction: statistics for the rebuilt summaries, and their visibility map set
    // (index-only scans) before the first users, not by autovacuum under their load. The loaded tables
    // were analysed in the transaction and their rows written frozen and all-visible (COPY FREEZE) when
    // they were empty; otherwise they get the same pass.
    const vacuumed = [SUMMARY_TABLE, ...TABLES.filter((t) => !frozen.has(t))];
    await client.query(`VACUUM (ANALYZE) ${vacuumed.join(', ')}`);
    return {
      copyMs: copied - started,
      indexMs: indexed - copied,
      summaryMs: summarised - indexed,
      totalMs: committed - started,
      vacuumMs: performance.now() - committed,
      rows,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * The limit a load is measured against (issue #13 item 4): the same files COPYed into the same tables
 * with their indexes, keys and triggers taken off, nothing derived, nothing put back. Meant for a
 * throw-away twin database (`bench/scenarios/bulk-load.mjs`); the transaction is rolled back.
 */
export async function copyFilesIntoBareTables(
  databaseUrl: string,
  files: Record<SyntheticTable, string>,
): Promise<{ copyMs: number; rows: Record<SyntheticTable, number> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await suspendTables(client, [...TABLES, SUMMARY_TABLE]);
    const started = performance.now();
    const { rows } = await copyAll(client, files);
    const copyMs = performance.now() - started;
    return { copyMs, rows };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/**
 * COPYs every file in foreign-key order. A table still empty is truncated first, in this transaction,
 * so that COPY may write its rows already frozen (no second pass over them by VACUUM).
 */
async function copyAll(
  client: Client,
  files: Record<SyntheticTable, string>,
): Promise<{ rows: Record<SyntheticTable, number>; frozen: Set<SyntheticTable> }> {
  const rows = {} as Record<SyntheticTable, number>;
  const frozen = new Set<SyntheticTable>();
  for (const table of TABLES) {
    const empty = (await client.query(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`)).rows[0].empty as boolean;
    if (empty) {
      await client.query(`TRUNCATE ${table}`);
      frozen.add(table);
    }
    const columns = SYNTHETIC_TABLES[table].join(', ');
    const copy = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN${empty ? ' WITH (FREEZE)' : ''}`));
    await pipeline(createReadStream(files[table]), copy);
    rows[table] = copy.rowCount ?? 0;
  }
  return { rows, frozen };
}

/** The clinics a load brought (first column of the clinic file): ids only. */
async function clinicIds(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.slice(0, line.indexOf('\t')));
}

/**
 * One audit row for the whole batch (not one per row): what it loaded, table by table, and into which
 * clinics. Appended to the hash chain when the load commits, like every audited change
 * (`audit_pending`, migration 1764000010000; the row hashed as AuditService hashes its rows).
 */
async function appendLoadAudit(client: Client, rows: Record<SyntheticTable, number>, clinics: string[]): Promise<void> {
  const row: AuditHashedRow = {
    occurredAt: new Date().toISOString(),
    actorId: null,
    actorRole: null,
    clinicId: null,
    action: 'population.bulk_load',
    resourceType: null,
    resourceId: null,
    patientId: null,
    outcome: 'success',
    ip: null,
    details: { rows, clinicIds: clinics.map((id) => id.toLowerCase()) },
  };
  await client.query('INSERT INTO audit_pending (entries, lists) VALUES ($1::jsonb, $2::jsonb)', [
    JSON.stringify([{ ...row, canonical: canonicalJson(row) }]),
    '[]',
  ]);
}

export async function removeGeneratedFiles(files: GeneratedFiles): Promise<void> {
  await rm(files.dir, { recursive: true, force: true });
}
