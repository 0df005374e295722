// 5. Bulk load of the synthetic population (generate + COPY), next to a plain COPY of the same rows.
import { readFile, writeFile } from 'node:fs/promises';
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
  const { generateToFiles, copyFilesIntoDatabase, removeGeneratedFiles } = apiModule(
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
  const load = await copyFilesIntoDatabase(url, files.files);
  console.log('COPY of the same rows into an empty twin database…');
  const twinUrl = await freshDatabase(serverUrl, `${dbName}_copy`);
  const plain = await copyFilesIntoDatabase(twinUrl, files.files);
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName}_copy WITH (FORCE)`));
  await removeGeneratedFiles(files);

  const c = files.counts;
  const rowsLoaded = Object.values(c).reduce((n, v) => n + v, 0);
  const totalMs = files.generateMs + load.copyMs;
  const result = {
    counts: c,
    row: {
      name: `5. Bulk load ${c.patients.toLocaleString('en-US')} patients (${rowsLoaded.toLocaleString('en-US')} rows)`,
      api: { p50: totalMs, rps: rowsLoaded / (totalMs / 1000) },
      sql: { p50: plain.copyMs, rps: rowsLoaded / (plain.copyMs / 1000) },
      ratio: totalMs / plain.copyMs,
      target: '≥ 50% of COPY speed',
      met: plain.copyMs / totalMs >= 0.5,
      note: `generator ${(files.generateMs / 1000).toFixed(1)} s + COPY ${(load.copyMs / 1000).toFixed(1)} s = ${(totalMs / 1000).toFixed(1)} s (${Math.round((rowsLoaded / totalMs) * 1000).toLocaleString('en-US')} rows/s) vs plain COPY ${(plain.copyMs / 1000).toFixed(1)} s: ${Math.round((plain.copyMs / totalMs) * 100)}% of COPY speed. "ms" columns hold the whole load time, "req/s" rows per second.`,
    },
  };
  await writeFile(resultFile, JSON.stringify({ patients: opts.patients, result }, null, 2));
  return result;
}
