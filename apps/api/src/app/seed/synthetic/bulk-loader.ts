import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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
import { restoreMissing, restoreTables, suspendTables, type SuspendedTables } from './table-suspension.sql';

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
  /** Every statement of the load that took ≥ 50 ms, in order (the load profile). */
  steps: Array<{ step: string; ms: number }>;
  /** Connections the load used at once (1: one transaction). */
  connections: number;
  /** Parallel path: from the start until every step on the parallel connections committed. */
  parallelMs?: number;
  /** Parallel path: the final transaction (staff, foreign keys, triggers, audit row, commit). */
  finalMs?: number;
}

/** The derived table the loader rebuilds set-based instead of row by row (migration 1764000005000). */
const SUMMARY_TABLE = 'episode_summary';

/**
 * The table the parallel path loads in its final transaction, not in the parallel steps: without a staff
 * user no one can sign in to, or be scoped to, what the steps have already committed (every read is
 * scoped to a signed-in user's clinic), so the registry appears all at once when that transaction commits.
 */
const LOADED_LAST: SyntheticTable = 'staff_user';

/** What the summary view reads through indexes (migration 1764000014000): built before the summaries. */
const SUMMARY_READS: readonly SyntheticTable[] = ['clinic', 'episode', 'assessment', 'contact', 'consultant_review'];

export interface LoadOptions {
  /**
   * Connections (PostgreSQL backends) the load may use at once (default 2, one per core of the
   * reference machine). 1, or a registry that already holds rows: the whole load in one transaction.
   */
  connections?: number;
}

/**
 * Loads generated files near the speed of a bare COPY (issue #13 item 4): the tables' indexes, keys and
 * triggers are taken off ({@link suspendTables}), every file is COPYed (FREEZE: the table is truncated in
 * the same transaction), the indexes are built once, the foreign keys validated set-based, the episode
 * summaries derived by one INSERT … SELECT over the same view the triggers use, and ONE audit row lists
 * what the batch loaded. Running API instances are told everything changed.
 *
 * Into an empty registry with `connections` > 1 the work is spread over that many connections
 * ({@link loadInParallel}); otherwise it runs in one transaction, all or nothing ({@link loadInOneTransaction}).
 */
export async function copyFilesIntoDatabase(
  databaseUrl: string,
  files: Record<SyntheticTable, string>,
  options: LoadOptions = {},
): Promise<LoadTimings> {
  const connections = options.connections ?? 2;
  if (connections > 1 && (await registryIsEmpty(databaseUrl))) return loadInParallel(databaseUrl, files, connections);
  return loadInOneTransaction(databaseUrl, files);
}

/** Every table a load writes (and the summaries) holds no row. */
async function registryIsEmpty(databaseUrl: string): Promise<boolean> {
  return withClient(databaseUrl, async (client) => {
    for (const table of [...TABLES, SUMMARY_TABLE]) {
      const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM ${table}) AS any`);
      if (rows[0].any) return false;
    }
    return true;
  });
}

async function withClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Collects the statements of a load that took ≥ 50 ms (the load profile). */
function stepRecorder(): { steps: LoadTimings['steps']; step: (label: string, ms: number) => void } {
  const steps: LoadTimings['steps'] = [];
  return { steps, step: (label, ms) => (ms >= 50 ? void steps.push({ step: label, ms: Math.round(ms) }) : undefined) };
}

/** Runs one statement and records its time. */
async function timedQuery(client: Client, sql: string, step: (label: string, ms: number) => void): Promise<void> {
  const at = performance.now();
  await client.query(sql);
  step(sql, performance.now() - at);
}

/** The whole load in one transaction (all or nothing): any registry, one backend. */
async function loadInOneTransaction(databaseUrl: string, files: Record<SyntheticTable, string>): Promise<LoadTimings> {
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
    const { steps, step } = stepRecorder();
    const suspended = await suspendTables(client, [...TABLES, SUMMARY_TABLE]);
    const { rows, frozen } = await copyAll(client, files, step);
    const copied = performance.now();
    await restoreTables(client, suspended, step);
    const indexed = performance.now();
    await timedQuery(client, `ANALYZE ${TABLES.join(', ')}`, step);
    await timedQuery(client, 'SELECT episode_summary_rebuild()', step);
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
      steps,
      connections: 1,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** One unit of work of the parallel load, run in a transaction of its own on whichever connection is free. */
interface LoadJob {
  id: string;
  /** Jobs that must have committed first. */
  after: string[];
  /** Larger first among the ready jobs (longest job first keeps both connections busy to the end). */
  weight: number;
  run: (client: Client) => Promise<void>;
}

/**
 * The load of an empty registry spread over `connections` backends (both cores, issue #13 item 4):
 *
 * 1. One short transaction takes the indexes, keys and triggers off every loaded table (committed).
 * 2. Parallel steps, each a transaction of its own on whichever connection is free, largest first:
 *    TRUNCATE + COPY FREEZE of one file; then each of that table's keys and indexes built alone (sorted
 *    in memory, `maintenance_work_mem`) and its ANALYZE; once what the summary view reads is indexed,
 *    the episode summaries derived set-based from that view in `connections` slices, then the summary
 *    table's keys and indexes; the foreign keys between these tables re-added and validated one at a
 *    time. The staff are not loaded yet: nothing committed here can be reached by anyone (every read
 *    is scoped to a signed-in user's clinic).
 * 3. One final transaction loads the staff, re-adds and validates the foreign keys to and from them,
 *    enables the triggers, appends ONE audit row and NOTIFYs: the registry appears at its commit, or
 *    not at all.
 *
 * If anything fails after step 1, the loaded tables (empty before) are truncated again and whatever is
 * missing of the indexes, keys and triggers is put back: the registry is left empty and whole, as it
 * was. (A loader process killed between steps 1 and 3 leaves the tables bare: run the load again, or
 * `TRUNCATE` them and re-apply the migrations' indexes; the one-transaction path has no such window.)
 */
async function loadInParallel(
  databaseUrl: string,
  files: Record<SyntheticTable, string>,
  connections: number,
): Promise<LoadTimings> {
  const { steps, step } = stepRecorder();
  const started = performance.now();
  const coordinator = new Client({ connectionString: databaseUrl });
  await coordinator.connect();
  let suspended: SuspendedTables | undefined;
  try {
    await coordinator.query('BEGIN');
    suspended = await suspendTables(coordinator, [...TABLES, SUMMARY_TABLE]);
    await coordinator.query('COMMIT');
    const taken = suspended;
    const builds = (table: string) => [...taken.keys, ...taken.indexes].filter((o) => o.table === table);

    const rows = {} as Record<SyntheticTable, number>;
    const sizes = Object.fromEntries(
      await Promise.all(TABLES.map(async (t) => [t, (await stat(files[t])).size] as const)),
    ) as Record<SyntheticTable, number>;
    const jobs: LoadJob[] = [];
    // The jobs that lock each table (COPY, builds, ANALYZE, summary inserts), for the foreign keys below.
    const locking = new Map<string, string[]>();
    const push = (job: LoadJob, table: string): void => {
      jobs.push(job);
      locking.set(table, [...(locking.get(table) ?? []), job.id]);
    };
    const indexJobs = (table: string, after: string[], weight: number): string[] =>
      builds(table).map((object) => {
        push({ id: object.add, after, weight, run: (client) => timedQuery(client, object.add, step) }, table);
        return object.add;
      });
    const indexed: string[] = [];
    for (const table of TABLES.filter((t) => t !== LOADED_LAST)) {
      const copy = `COPY ${table}`;
      push(
        {
          id: copy,
          after: [],
          weight: sizes[table],
          run: async (client) => {
            rows[table] = await copyFile(client, table, files[table], true, step);
          },
        },
        table,
      );
      const own = indexJobs(table, [copy], sizes[table]);
      if (SUMMARY_READS.includes(table)) indexed.push(copy, ...own);
      // ANALYZE once the table's indexes exist (it gathers statistics for expression indexes too).
      push(
        {
          id: `ANALYZE ${table}`,
          after: [copy, ...own],
          weight: 0,
          run: (client) => timedQuery(client, `ANALYZE ${table}`, step),
        },
        table,
      );
    }
    // The summaries: the rebuild's INSERT … SELECT over the view, sliced by episode so that every
    // connection takes a share (the slices partition the episodes: together, the same rows).
    const slices = Array.from({ length: connections }, (_, k) => `summaries ${k + 1}/${connections}`);
    slices.forEach((id, k) =>
      push(
        {
          id,
          after: indexed,
          weight: sizes.episode,
          run: (client) =>
            timedQuery(
              client,
              `INSERT INTO ${SUMMARY_TABLE} SELECT * FROM episode_summary_source
              WHERE get_byte(uuid_send(episode_id), 15) % ${connections} = ${k}`,
              step,
            ),
        },
        SUMMARY_TABLE,
      ),
    );
    indexJobs(SUMMARY_TABLE, slices, sizes.episode);
    // Foreign keys between tables loaded here are validated here too, one at a time (each locks both of
    // its tables against writes: never two at once, so they cannot deadlock), once every job on either
    // table committed. Those to or from the staff wait for the final transaction.
    const validatedEarly = new Set<string>();
    let previous: string[] = [];
    for (const fk of taken.foreignKeys) {
      if (fk.table === LOADED_LAST || fk.references === LOADED_LAST) continue;
      const after = [...(locking.get(fk.table) ?? []), ...(locking.get(fk.references ?? '') ?? []), ...previous];
      jobs.push({ id: fk.add, after, weight: 0, run: (client) => timedQuery(client, fk.add, step) });
      previous = [fk.add];
      validatedEarly.add(fk.add);
    }
    const parallel = await runJobs(databaseUrl, jobs, connections);
    const parallelDone = performance.now();

    // The final transaction: the registry appears at its commit.
    await coordinator.query('BEGIN');
    await coordinator.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await coordinator.query(`SET LOCAL max_parallel_maintenance_workers = 2`);
    await coordinator.query(`SET LOCAL synchronous_commit = off`);
    rows[LOADED_LAST] = await copyFile(coordinator, LOADED_LAST, files[LOADED_LAST], true, step);
    for (const object of builds(LOADED_LAST)) await timedQuery(coordinator, object.add, step);
    await timedQuery(coordinator, `ANALYZE ${LOADED_LAST}`, step);
    for (const fk of taken.foreignKeys) if (!validatedEarly.has(fk.add)) await timedQuery(coordinator, fk.add, step);
    const keyed = performance.now();
    for (const trigger of taken.triggers) await coordinator.query(trigger.enable);
    await appendLoadAudit(coordinator, rows, await clinicIds(files.clinic));
    // The per-clinic change notifications were skipped with the triggers: tell running API
    // instances that everything changed (migration 1764000006000).
    await coordinator.query(`NOTIFY huddle_registry, '*'`);
    await coordinator.query('COMMIT');
    const committed = performance.now();
    // Statistics and the visibility map for the summaries (the loaded rows were written frozen).
    await coordinator.query(`VACUUM (ANALYZE) ${SUMMARY_TABLE}`);
    const summaryMs = steps.filter((x) => x.step.startsWith('INSERT INTO')).reduce((n, x) => n + x.ms, 0);
    return {
      copyMs: parallel.lastCopy - started,
      indexMs: keyed - parallel.lastCopy - summaryMs,
      summaryMs,
      totalMs: committed - started,
      vacuumMs: performance.now() - committed,
      rows: Object.fromEntries(TABLES.map((t) => [t, rows[t]])) as Record<SyntheticTable, number>,
      steps,
      connections,
      parallelMs: parallelDone - started,
      finalMs: committed - parallelDone,
    };
  } catch (error) {
    await coordinator.query('ROLLBACK').catch(() => undefined);
    if (suspended) await putBackEmpty(coordinator, suspended);
    throw error;
  } finally {
    await coordinator.end();
  }
}

/** After a failed parallel load: the loaded tables emptied again and their indexes, keys and triggers back. */
async function putBackEmpty(client: Client, suspended: SuspendedTables): Promise<void> {
  await client.query('BEGIN');
  await client.query(`TRUNCATE ${[...TABLES, SUMMARY_TABLE].join(', ')}`);
  await restoreMissing(client, suspended);
  await client.query('COMMIT');
}

/**
 * Runs the jobs on `connections` connections, each job in a transaction of its own, a job only once the
 * jobs it waits for have committed; returns when the last COPY committed (ms since the time origin).
 * The first failure stops every connection from taking new jobs and is thrown once they are idle.
 */
async function runJobs(databaseUrl: string, jobs: LoadJob[], connections: number): Promise<{ lastCopy: number }> {
  const done = new Set<string>();
  const pending = [...jobs];
  let failure: unknown;
  let lastCopy = performance.now();
  let wake: () => void = () => undefined;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const signal = (): void => {
    const resolve = wake;
    changed = new Promise<void>((r) => (wake = r));
    resolve();
  };
  const next = (): LoadJob | undefined => {
    let best = -1;
    pending.forEach((job, i) => {
      if (job.after.every((id) => done.has(id)) && (best < 0 || job.weight > (pending[best]?.weight ?? 0))) best = i;
    });
    return best < 0 ? undefined : pending.splice(best, 1)[0];
  };
  const worker = async (): Promise<void> => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // Each backend sorts alone (one core each); a step's commit does not wait for its WAL flush (the
      // final transaction's commit is what makes the load count).
      await client.query(`SET maintenance_work_mem = '512MB'`);
      await client.query(`SET max_parallel_maintenance_workers = 0`);
      await client.query(`SET synchronous_commit = off`);
      while (failure === undefined && pending.length > 0) {
        const job = next();
        if (!job) {
          await changed;
          continue;
        }
        try {
          await client.query('BEGIN');
          await job.run(client);
          await client.query('COMMIT');
          done.add(job.id);
          if (job.id.startsWith('COPY ')) lastCopy = performance.now();
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          failure ??= error;
        }
        signal();
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  if (failure !== undefined) throw failure;
  return { lastCopy };
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
  onStep: (label: string, ms: number) => void = () => undefined,
): Promise<{ rows: Record<SyntheticTable, number>; frozen: Set<SyntheticTable> }> {
  const rows = {} as Record<SyntheticTable, number>;
  const frozen = new Set<SyntheticTable>();
  for (const table of TABLES) {
    const empty = (await client.query(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`)).rows[0].empty as boolean;
    if (empty) frozen.add(table);
    rows[table] = await copyFile(client, table, files[table], empty, onStep);
  }
  return { rows, frozen };
}

/**
 * COPYs one file into one table in the caller's transaction. An empty table is truncated first, in that
 * transaction, so that COPY may write its rows already frozen (no second pass over them by VACUUM).
 */
async function copyFile(
  client: Client,
  table: SyntheticTable,
  file: string,
  empty: boolean,
  onStep: (label: string, ms: number) => void,
): Promise<number> {
  const at = performance.now();
  if (empty) await client.query(`TRUNCATE ${table}`);
  const columns = SYNTHETIC_TABLES[table].join(', ');
  const copy = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN${empty ? ' WITH (FREEZE)' : ''}`));
  await pipeline(createReadStream(file), copy);
  const rows = copy.rowCount ?? 0;
  onStep(`COPY ${table} (${rows} rows)`, performance.now() - at);
  return rows;
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
