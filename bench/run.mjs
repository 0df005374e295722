#!/usr/bin/env node
// `npm run bench`: one run, one machine. Builds, loads (or reuses) a synthetic population, starts the
// API, and measures each scenario next to its direct-SQL reference. Results: bench/results/latest.{md,json}.
//
//   npm run bench -- [--patients 100000] [--connections 50] [--duration 10] [--reload] [--only load,caseload,…,fhir-export,instances] [--skip-build] [--report latest]
//     [--only …,cache-off,mixed,write-kinds] [--mixed-duration 30] [--think-duration 120] [--growth 10000,100000,1000000]
//   `--think-duration` is the mixed traffic's 1 s think-time phase: long enough to hold the outcomes' background
//   refreshes (every ≈ 40 s) as users meet them, not a window that holds one or none of them by chance.
//     [--only mixed-breakdown] [--breakdown-duration 8]
//   `--only mixed-breakdown` (never part of the default run) runs the mixed scenario's users with one
//   action type at a time and reports server CPU and SQL statements per action type.
//   `--web-concurrency n` runs the scenarios' API as n Node cluster workers on one port (WEB_CONCURRENCY,
//   as deployed on a machine with n cores for the API; default 1).
//   `--growth` measures caseload, agenda, patient page, a write and outcomes at each population size
//   (loaded once into huddle_bench_<n> with the bulk loader; the --patients size reuses huddle_bench).
import { parseArgs } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import {
  build,
  databaseExists,
  databaseUrl,
  migrateDatabase,
  root,
  startApi,
  startDatabase,
  withClient,
} from './lib/environment.mjs';
import { writeReport } from './lib/report.mjs';
import { bulkLoadScenario } from './scenarios/bulk-load.mjs';
import { outcomesScenario } from './scenarios/outcomes.mjs';
import { caseloadScenario, agendaScenario } from './scenarios/caseload-agenda.mjs';
import { assessmentWriteScenario } from './scenarios/assessment-write.mjs';
import { dashboardScenario } from './scenarios/dashboard.mjs';
import { fhirExportScenario } from './scenarios/fhir-export.mjs';
import { importScenario } from './scenarios/import.mjs';
import { instancesScenario } from './scenarios/instances.mjs';
import { mixedBreakdownScenario, mixedTrafficScenario } from './scenarios/mixed-traffic.mjs';
import { cacheOffScenario } from './scenarios/cache-off.mjs';
import { growthScenario } from './scenarios/growth.mjs';
import { writeKindsScenario } from './scenarios/write-kinds.mjs';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    reload: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    only: { type: 'string' },
    report: { type: 'string', default: 'latest' },
    'mixed-duration': { type: 'string', default: '30' },
    'think-duration': { type: 'string', default: '120' },
    growth: { type: 'string' },
    'breakdown-duration': { type: 'string', default: '8' },
    'web-concurrency': { type: 'string', default: '1' },
  },
});
const opts = {
  patients: Number(values.patients),
  connections: Number(values.connections),
  duration: Number(values.duration),
  seed: Number(values.seed),
  asOf: new Date().toISOString().slice(0, 10),
  mixedDuration: Number(values['mixed-duration']),
  thinkDuration: Number(values['think-duration']),
  breakdownDuration: Number(values['breakdown-duration']),
  webConcurrency: Number(values['web-concurrency']),
};
const loadAverageAtStart = os.loadavg()[0];
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (name) => !only || only.has(name);

if (!values['skip-build']) {
  console.log('Building…');
  build();
}
const server = await startDatabase();
const rows = [];
let api;
try {
  const dbName = 'huddle_bench';
  const populated =
    !values.reload &&
    (await databaseExists(server.url, dbName)) &&
    (await withClient(databaseUrl(server.url, dbName), async (c) =>
      Number((await c.query('SELECT count(*) AS n FROM patient')).rows[0].n),
    )) === opts.patients;
  const load = await bulkLoadScenario(server.url, dbName, opts, populated);
  if (wanted('load')) rows.push(load.row);
  const url = databaseUrl(server.url, dbName);
  if (populated) await migrateDatabase(url);

  // Runtime metrics: the mixed scenario reads the API's event-loop delay over its measured window.
  api = await startApi(url, { WEB_CONCURRENCY: String(opts.webConcurrency), RUNTIME_METRICS_ENABLED: 'true' });
  // The processes whose CPU a scenario may report (the API's, PostgreSQL's postmaster and its backends).
  const ctx = { url, base: api.base, ...opts, cpuPids: () => [api?.pid, server.pid?.()] };
  if (wanted('caseload')) rows.push(await caseloadScenario(ctx));
  if (wanted('agenda')) rows.push(await agendaScenario(ctx));
  if (wanted('outcomes')) rows.push(...(await outcomesScenario(ctx)));
  if (wanted('write')) rows.push(await assessmentWriteScenario(ctx));
  if (wanted('write-kinds')) rows.push(...(await writeKindsScenario(ctx)));
  if (wanted('dashboard')) rows.push(...(await dashboardScenario(ctx)));
  if (wanted('fhir-export')) rows.push(await fhirExportScenario(ctx));
  if (wanted('import')) rows.push(...(await importScenario(ctx)));
  if (wanted('mixed')) rows.push(...(await mixedTrafficScenario(ctx)));
  await api.stop();
  api = undefined;
  // Only when asked for by name: it starts its own APIs (cached, then cache off).
  if (only?.has('mixed-breakdown')) rows.push(...(await mixedBreakdownScenario(ctx)));
  if (wanted('cache-off')) rows.push(...(await cacheOffScenario(ctx)));
  // Starts its own APIs (1, 2, 4 processes) once the one above is stopped, so they do not compete.
  if (wanted('instances')) rows.push(...(await instancesScenario(ctx)));
  if (values.growth) {
    const sizes = values.growth.split(',').map(Number);
    rows.push(...(await growthScenario(server.url, sizes, { ...opts, mainUrl: url })));
  }
  await writeReport(
    path.join(root, 'bench/results'),
    { date: new Date().toISOString(), counts: load.counts, loadAverage: { start: loadAverageAtStart }, ...opts },
    rows,
    values.report,
  );
} finally {
  await api?.stop();
  await server.stop();
}
