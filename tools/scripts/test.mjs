#!/usr/bin/env node
// `npm test`: lint, unit and API tests (real PostgreSQL), dashboard tests, then browser tests
// in headless Chromium against the built app. Stops at the first failing stage.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nx = path.join(root, 'node_modules/.bin/nx');
const stages = [
  ['lint', ['run-many', '-t', 'lint', '--outputStyle=static']],
  ['unit, API and dashboard tests', ['run-many', '-t', 'test', '--outputStyle=static', '--parallel=1']],
  ['browser tests', ['run', 'dashboard-e2e:e2e', '--outputStyle=static']],
];

for (const [name, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(nx, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_SKIP_NX_CACHE: 'true' },
  });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name}: passed in ${Math.round((Date.now() - started) / 1000)} s ===`);
}
