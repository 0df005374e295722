import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { hash } from 'argon2';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../app/config/app-config';
import { startEmbeddedDatabase, type RunningDatabase } from '../app/database/embedded-database';
import { MIGRATIONS } from '../app/database/migrations';
import { DEMO_PASSWORD } from '../app/seed/demo-credentials';
import { copyFilesIntoDatabase, generateToFiles, removeGeneratedFiles } from '../app/seed/synthetic/bulk-loader';

const USAGE = `Usage: npm run generate -- --patients 100000 [--seed 42] [--as-of YYYY-MM-DD] [--keep-files]
Loads a synthetic population into DATABASE_URL, or into the embedded database (EMBEDDED_PG_DIR).
Default embedded folder: .data/synthetic (port 5434). The database must hold no clinic yet.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '42' },
      'as-of': { type: 'string' },
      'keep-files': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const patients = Number(values.patients);
  const seed = Number(values.seed);
  const asOf = values['as-of'] ?? new Date().toISOString().slice(0, 10);
  if (!Number.isInteger(patients) || patients < 1) throw new Error(`--patients must be a positive integer\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer\n${USAGE}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`--as-of must be YYYY-MM-DD\n${USAGE}`);

  // Keep the synthetic registry apart from the demo one unless told otherwise.
  const config = loadConfig({ EMBEDDED_PG_DIR: '.data/synthetic', EMBEDDED_PG_PORT: '5434', ...process.env });
  let embedded: RunningDatabase | undefined;
  const url =
    config.DATABASE_URL ??
    (embedded = await startEmbeddedDatabase({
      dataDir: config.EMBEDDED_PG_DIR,
      port: config.EMBEDDED_PG_PORT,
      persistent: true,
    })).url;
  try {
    const dataSource = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
    await assertEmpty(url);

    console.log(`Generating ${patients.toLocaleString('en-US')} patients (seed ${seed}, as of ${asOf})…`);
    const files = await generateToFiles({ patients, seed, asOf, passwordHash: await hash(DEMO_PASSWORD) });
    const timings = await copyFilesIntoDatabase(url, files.files);
    const c = files.counts;
    console.log(
      `Loaded ${c.clinics} clinics, ${c.staff} staff, ${c.patients} patients, ${c.episodes} episodes, ${c.assessments} assessments, ` +
        `${c.contacts} contacts, ${c.reviews} reviews, ${c.recommendations} recommendations.\n` +
        `Generate ${(files.generateMs / 1000).toFixed(1)} s, load ${(timings.totalMs / 1000).toFixed(1)} s on ${timings.connections} connection(s) ` +
        `(last COPY committed at ${(timings.copyMs / 1000).toFixed(1)} s), VACUUM (ANALYZE) ${(timings.vacuumMs / 1000).toFixed(1)} s.`,
    );
    if (values['keep-files']) console.log(`Files kept in ${files.dir}`);
    else await removeGeneratedFiles(files);
  } finally {
    await embedded?.stop();
  }
}

async function assertEmpty(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM clinic');
    if (Number(rows[0]?.n) > 0) throw new Error(`The database already holds clinics; use an empty one.\n${USAGE}`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
