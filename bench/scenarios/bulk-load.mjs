// 5. Bulk load of the synthetic population (issue #13 item 4): generated files loaded end to end (COPY into
// the tables taken apart, indexes and keys rebuilt, summaries set-based, one audit row), next to the limit:
// COPY of the same rows into the same tables without indexes, keys or triggers.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hash } from 'argon2';
import { apiModule, freshDatabase, root, withClient } from '../lib/environment.mjs';

const resultFile = path.join(root, '.data/bench-load.json');

export async function bulkLoadScenario(serverUrl, dbName, opts, reuse) {
  if (reuse) {
    const saved = JSON.parse(await readFile(resultFile, 'utf8').catch(() => 'null'));
    if (saved && saved.patients === opts.patients) {
      console.log('Reusing the loaded population (pass --reload to load it again).');
      return saved.result;
    }
  }
  const { generateToFiles, copyFilesIntoDatabase, copyFilesIntoBareTables, removeGeneratedFiles } = apiModule(
    'app/seed/synthetic/bulk-loader.js',
  );
  const { DEMO_PASSWORD } = apiModule('app/seed/demo-credentials.js');
  console.log(`Generating and loading ${opts.patients.toLocaleString('en-US')} patients…`);
  const url = await freshDatabase(serverUrl, dbName);
  const files = await generateToFiles({
    patients: opts.patients,
    seed: opts.seed,
    asOf: opts.asOf,
    passwordHash: await hash(DEMO_PASSWORD),
  });
  // The limit first, so both read the files equally warm: COPY of the same rows into the same tables
  // with every index, key and trigger taken off (in a throw-away twin, rolled back).
  console.log('COPY of the same rows into the bare tables of an empty twin database (the limit)…');
  const twinUrl = await freshDatabase(serverUrl, `${dbName}_copy`);
  const bare = await copyFilesIntoBareTables(twinUrl, files.files);
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName}_copy WITH (FORCE)`));
  console.log('Bulk load…');
  const load = await copyFilesIntoDatabase(url, files.files);
  await removeGeneratedFiles(files);
  // The load profile: every statement of ≥ 50 ms, slowest first (bench/results/*-load-profile.md).
  console.log('Load profile (statements ≥ 50 ms, slowest first):');
  for (const { step, ms } of [...load.steps].sort((a, b) => b.ms - a.ms))
    console.log(`  ${String(ms).padStart(7)} ms  ${step}`);

  const c = files.counts;
  const rowsLoaded = Object.values(c).reduce((n, v) => n + v, 0);
  // End to end: from the files to a committed, indexed, validated, summarised, audited and vacuumed
  // registry. The generator (synthetic data only: a real load starts from files) is reported beside it.
  const loadMs = load.totalMs + load.vacuumMs;
  const rps = rowsLoaded / (loadMs / 1000);
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const result = {
    counts: c,
    steps: load.steps,
    row: {
      name: `5. Bulk load ${c.patients.toLocaleString('en-US')} patients (${rowsLoaded.toLocaleString('en-US')} rows)`,
      api: { p50: loadMs, rps },
      sql: { p50: bare.copyMs, rps: rowsLoaded / (bare.copyMs / 1000) },
      ratio: loadMs / bare.copyMs,
      target: '≥ 100,000 rows/s end to end (reference: COPY into bare tables)',
      met: rps >= 100_000,
      note:
        `Load ${s(loadMs)} (${Math.round(rps).toLocaleString('en-US')} rows/s, ${Math.round((bare.copyMs / loadMs) * 100)}% of the limit) on ${load.connections} connection(s): ` +
        (load.parallelMs === undefined
          ? `COPY ${s(load.copyMs)}, keys/indexes/foreign keys ${s(load.indexMs)}, ANALYZE + episode summaries set-based ${s(load.summaryMs)}, `
          : `parallel steps ${s(load.parallelMs)} (COPY FREEZE of every table but the staff, last COPY committed at ${s(load.copyMs)}; ` +
            `keys, indexes, ANALYZE; episode summaries set-based in slices, ${s(load.summaryMs)} of statement time), ` +
            `final transaction (staff, foreign keys validated, triggers, audit row, commit) ${s(load.finalMs)}, `) +
        (load.parallelMs === undefined
          ? `commit with one audit row ${s(load.totalMs - load.copyMs - load.indexMs - load.summaryMs)}, `
          : '') +
        `VACUUM ${s(load.vacuumMs)}. ` +
        `Limit: COPY into the same tables without indexes, keys or triggers (one connection) ${s(bare.copyMs)} ` +
        `(${Math.round(rowsLoaded / (bare.copyMs / 1000)).toLocaleString('en-US')} rows/s). ` +
        `Generator (not part of the load) ${s(files.generateMs)}. "ms" columns hold the whole time, "req/s" rows per second.`,
    },
  };
  await mkdir(path.dirname(resultFile), { recursive: true });
  await writeFile(resultFile, JSON.stringify({ patients: opts.patients, result }, null, 2));
  return result;
}
