#!/usr/bin/env node
// `npm start`: build the API and dashboard, then run the API, which starts embedded PostgreSQL
// (unless DATABASE_URL is set), applies migrations, seeds demo data once and serves the dashboard.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nx = path.join(root, 'node_modules/.bin/nx');

console.log('Building the API and the dashboard…');
const build = spawnSync(nx, ['run-many', '-t', 'build', '-p', 'api', 'dashboard', '--outputStyle=static'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

// CMS159's value sets (the leadership panel, the demo's CMS159 cohort): MEASURE_VALUE_SETS_DIR, else the
// public CMS159 test deck's expansions beside the checkout (../shared/fixtures) when it is there.
const deckValueSets = path.join(root, '../shared/fixtures/cms159-2025/valuesets');
const valueSets =
  !process.env.MEASURE_VALUE_SETS_DIR && existsSync(deckValueSets) ? { MEASURE_VALUE_SETS_DIR: deckValueSets } : {};

const api = spawn(
  process.execPath,
  ['--enable-source-maps', '-r', './tools/scripts/api-aliases.cjs', 'dist/apps/api/apps/api/src/main.js'],
  // Quiet by default so the printed URL stands out; LOG_LEVEL=info shows every request.
  { cwd: root, stdio: 'inherit', env: { ...valueSets, ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } },
);

// Ctrl-C reaches the API too (same process group); wait for it to stop Postgres and exit.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (api.exitCode === null) api.kill(signal);
  });
}
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
