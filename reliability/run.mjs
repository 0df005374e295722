#!/usr/bin/env node
// `npm run reliability`: builds the API if needed, starts it on a scratch embedded PostgreSQL with the
// demo data, runs every scenario in reliability/scenarios/*.mjs, prints the figures table and writes it
// to bench/results/reliability.{md,json}. Exit code 1 when any scenario saw a 5xx, a changed table, a
// lost write or another failure.
//
//   npm run reliability -- [--only openapi-malformed,authorization-matrix] [--build] [--keep]
//
// A scenario module exports `name` and `async run(ctx)` returning rows
// `{ scenario, tried, fiveXx, rowsChanged, writesLost, recoverySeconds, eventLoopP99Ms?, failures?, skipped? }`
// (see README "Reliability"). The crash scenarios (crash-api, crash-postgres, backup-restore) start APIs of
// their own on RELIABILITY_PORT + 40 … + 68; the event-loop delay is read from the API itself
// (POST /api/health/runtime/event-loop, on only here: RUNTIME_METRICS_ENABLED).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(root, 'dist/apps/api/apps/api/src/main.js');
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    build: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

if (values.build || !existsSync(MAIN)) {
  console.log('Building the API…');
  const built = spawnSync(path.join(root, 'node_modules/.bin/nx'), ['run', 'api:build', '--outputStyle=static'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (built.status !== 0) process.exit(1);
}

const port = Number(process.env.RELIABILITY_PORT ?? 4360);
const pgPort = port + 5;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'huddle-reliability-'));
// Readable by others: as root, the embedded PostgreSQL runs as the `postgres` user and must reach its folder.
chmodSync(scratch, 0o755);
const logFile = path.join(scratch, 'api.log');
const env = {
  ...process.env,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: String(port),
  EMBEDDED_PG_DIR: path.join(scratch, 'pg'),
  EMBEDDED_PG_PORT: String(pgPort),
  SEED_DEMO: 'true',
  // Thousands of refused requests from one address are the point here; limits are tested in the API suite.
  RATE_LIMIT_ENABLED: 'false',
  LOG_LEVEL: 'info',
  LOG_FILE: logFile,
  API_DOCS_ENABLED: 'true',
  RUNTIME_METRICS_ENABLED: 'true',
  // CMS159's value sets (VSAC expansions) from the shared test deck beside the project, when present.
  ...(existsSync(path.join(root, '../shared/fixtures/cms159-2025/valuesets'))
    ? { MEASURE_VALUE_SETS_DIR: path.join(root, '../shared/fixtures/cms159-2025/valuesets') }
    : {}),
  JWT_SECRET: randomBytes(48).toString('base64url'),
  DASHBOARD_DIST: '/nonexistent',
};
delete env.DATABASE_URL;
const baseUrl = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.RELIABILITY_DATABASE_URL ?? `postgres://huddle:huddle-local@127.0.0.1:${pgPort}/huddle`;

/** The API process (embedded PostgreSQL inside it): start, stop (any signal), wait until ready. */
const api = {
  process: null,
  async start({ timeoutMs = 120_000 } = {}) {
    const child = spawn(process.execPath, ['-r', './tools/scripts/api-aliases.cjs', MAIN], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    api.process = child;
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`API exited during start-up (${child.exitCode})`);
      try {
        if ((await fetch(`${baseUrl}/api/health/ready`)).ok) return (Date.now() - started) / 1000;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('API not ready in time');
  },
  async stop(signal = 'SIGTERM') {
    const child = api.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  },
};

const DEMO = {
  care_manager: 'cm1@riverside.huddle.test',
  psychiatric_consultant: 'psych@riverside.huddle.test',
  pcp: 'pcp1@riverside.huddle.test',
  leadership: 'director@riverside.huddle.test',
  admin: 'admin@riverside.huddle.test',
  // Routes only these roles may call (the kiosk's code redemption, the health system's summary) are sent
  // malformed requests as them; without a token those answered 401 and the body was never checked.
  kiosk: 'kiosk@riverside.huddle.test',
  org_leadership: 'system@riverside.huddle.test',
};
const tokens = new Map();
/** An access token for a demo account (password `huddle-demo`), cached per email. */
async function signIn(email) {
  if (!tokens.has(email)) {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'huddle-demo' }),
    });
    if (!res.ok) throw new Error(`sign-in of ${email} failed: ${res.status}`);
    tokens.set(email, (await res.json()).accessToken);
  }
  return tokens.get(email);
}

const rows = [];
let db;
try {
  console.log(`Starting the API on ${baseUrl} (scratch data in ${scratch})…`);
  const startSeconds = await api.start({ timeoutMs: 300_000 });
  console.log(`Ready after ${startSeconds.toFixed(1)} s.`);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  /** The API's event-loop delay since the previous call (p50/p99/max ms); a new window starts. */
  const eventLoopWindow = async () => {
    const res = await fetch(`${baseUrl}/api/health/runtime/event-loop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await signIn(DEMO.admin)}` },
    });
    if (!res.ok) throw new Error(`event-loop window: ${res.status}`);
    return res.json();
  };
  const ctx = {
    root,
    baseUrl,
    port,
    crashPort: port + 40,
    eventLoopWindow,
    env,
    scratch,
    logFile,
    databaseUrl,
    db,
    api,
    demoAccounts: DEMO,
    signIn,
    forgetTokens: () => tokens.clear(),
  };
  const dir = path.join(root, 'reliability/scenarios');
  const only = values.only ? new Set(values.only.split(',')) : null;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort()) {
    const scenario = await import(pathToFileURL(path.join(dir, file)).href);
    if (only && !only.has(scenario.name)) continue;
    console.log(`\n▶ ${scenario.name}`);
    const started = Date.now();
    try {
      const result = await scenario.run(ctx);
      for (const row of [result].flat()) rows.push({ seconds: (Date.now() - started) / 1000, ...row });
    } catch (error) {
      rows.push({
        scenario: scenario.name,
        tried: 0,
        fiveXx: 0,
        rowsChanged: 0,
        writesLost: 0,
        recoverySeconds: null,
        failures: [`crashed: ${error?.stack ?? error}`],
      });
    }
    for (const row of rows.filter((r) => !r.printed)) {
      row.printed = true;
      if (row.skipped) {
        console.log(`  ${row.scenario}: skipped: ${row.skipped}`);
        continue;
      }
      console.log(
        `  ${row.scenario}: ${row.tried} tried, ${row.fiveXx} × 5xx, ${row.rowsChanged} rows changed, ${row.writesLost} writes lost${(row.failures ?? []).length ? `, ${row.failures.length} failures` : ''}`,
      );
      for (const failure of (row.failures ?? []).slice(0, 20)) console.log(`    ✗ ${failure}`);
    }
    writeResults(false);
  }
} finally {
  await db?.end().catch(() => undefined);
  await api.stop('SIGTERM');
  if (!values.keep) rmSync(scratch, { recursive: true, force: true });
}

/**
 * Writes the figures table to bench/results/reliability.{md,json}: after every scenario (so a run
 * stopped part-way still leaves what it measured) and at the end.
 */
function writeResults(complete) {
  // Crash rows change rows on purpose (the writers' acknowledged patients): what counts there is writes lost.
  const failed = rows.filter(
    (r) => r.fiveXx > 0 || (r.rowsChanged > 0 && !r.writes) || r.writesLost > 0 || (r.failures ?? []).length > 0,
  );
  const fmt = (v) =>
    v === null || v === undefined ? '–' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v);
  const table = [
    '| Scenario | Tried | 5xx | Rows changed | Writes lost | Recovery (s) | Event-loop p99 (ms) | Seconds | Failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) =>
      r.skipped
        ? `| ${r.scenario} | skipped: ${r.skipped} | | | | | | | |`
        : `| ${r.scenario} | ${r.tried} | ${r.fiveXx} | ${r.rowsChanged} | ${r.writesLost} | ${fmt(r.recoverySeconds)} | ${fmt(r.eventLoopP99Ms)} | ${fmt(r.seconds)} | ${(r.failures ?? []).length} |`,
    ),
  ].join('\n');
  const when = new Date().toISOString();
  const machine = process.env.RELIABILITY_MACHINE_NOTE ? ` ${process.env.RELIABILITY_MACHINE_NOTE}` : '';
  const legend =
    'Rows changed: tables whose row checksums changed (malformed and authorization scenarios: must be 0); for the crash and ' +
    'backup rows, the writes acknowledged (201) under the 20 writers, each checked afterwards (writes lost: acknowledged ids ' +
    'missing from the database). Recovery: slowest kill → first acknowledged write sent after it (restore: seconds of the ' +
    'point-in-time restore). Event-loop p99: perf_hooks.monitorEventLoopDelay inside the API over the scenario (< 100 ms required).';
  const md = `# Reliability suite\n\n\`npm run reliability\` on ${when}${complete ? '' : ' (partial: written after each scenario; the run did not finish)'} (Node ${process.version}, ${os.cpus().length} cores).${machine}\n\n${table}\n\n${legend}\n\n${failed.length ? `**${failed.length} scenario(s) failed.**` : 'All scenarios passed.'}\n`;
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/reliability.md'), md);
  writeFileSync(
    path.join(root, 'bench/results/reliability.json'),
    `${JSON.stringify({ when, node: process.version, complete, rows: rows.map(({ printed: _, ...r }) => r) }, null, 2)}\n`,
  );
  return { table, failed };
}

const { table, failed } = writeResults(true);
console.log(`\n${table}\n\nWritten to bench/results/reliability.md and reliability.json.`);
process.exit(failed.length ? 1 : 0);
