// Crash scenarios' own harness (issue #14, part E): the built API (dist) as a child process with its own
// embedded PostgreSQL, demo sign-in, 20 concurrent writers that remember every acknowledged id, and
// kill -9 of the API or of PostgreSQL. Used by scenarios/crash-api.mjs, crash-postgres.mjs and
// backup-restore.mjs; independent of the runner's own API so a crash never disturbs other scenarios.
import { spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { existsSync, mkdtempSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = 'dist/apps/api/apps/api/src/main.js';
const PASSWORD = 'huddle-demo';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A workspace for one scenario: data folder, backups, checkpoints; removed by `remove()`. */
export function workspace(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // as root, the postgres user must enter it
  return {
    dir,
    dataDir: path.join(dir, 'pg'),
    backupDir: path.join(dir, 'backups'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Ports for a scenario: ctx.port (or RELIABILITY_CRASH_PORT, default 4390); PostgreSQL on port + 5. */
export function ports(ctx, offset = 0) {
  const base = Number(ctx?.crashPort ?? process.env.RELIABILITY_CRASH_PORT ?? 4390) + offset;
  return { port: base, pgPort: base + 5 };
}

/** The embedded server's owner URL (superuser of the embedded cluster). */
export const ownerUrl = (pgPort) => `postgres://huddle:huddle-local@127.0.0.1:${pgPort}/huddle`;

/**
 * The built API, started (or restarted) on `port` with its embedded server in `ws.dataDir`; resolves
 * once /api/health/ready answers 200. `kill9()` kills it without warning; `stop()` is SIGTERM.
 */
export async function startApi(ws, { port, pgPort }, extraEnv = {}) {
  if (!existsSync(path.join(root, MAIN))) throw new Error('build the API first (npx nx build api)');
  // A server left on these ports (another run, a crashed scenario) would answer in place of ours. (Our
  // own PostgreSQL orphaned by a kill -9 of the API holds pgPort: the API finds and stops it.)
  const ownServer = existsSync(path.join(ws.dataDir, 'postmaster.pid'));
  for (const taken of ownServer ? [port] : [port, pgPort]) {
    if (await listening(taken)) throw new Error(`port ${taken} is already in use: stop what listens there first`);
  }
  const started = Date.now();
  const child = spawn(process.execPath, ['-r', './tools/scripts/api-aliases.cjs', MAIN], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATABASE_OWNER_URL: '',
      PORT: String(port),
      EMBEDDED_PG_DIR: ws.dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      BACKUP_DIR: ws.backupDir,
      AUDIT_CHECKPOINT_FILE: path.join(ws.dir, 'audit-checkpoints.log'),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      // Tokens stay valid across restarts of the API.
      JWT_SECRET: 'reliability-crash-secret-0123456789abcdef',
      RATE_LIMIT_ENABLED: 'false',
      READ_CACHE_ENABLED: 'false',
      ...extraEnv,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const giveUp = async (why) => {
    // Never leave an API (and its PostgreSQL) running behind a failed scenario.
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    throw new Error(`${why}:\n${stderr}`);
  };
  for (;;) {
    if (child.exitCode !== null) await giveUp('API exited during start-up');
    if (Date.now() - started > 300_000) await giveUp('API not ready after 300 s');
    try {
      if ((await fetch(`${base}/api/health/ready`)).ok) break;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    base,
    pid: child.pid,
    readySeconds: (Date.now() - started) / 1000,
    stderr: () => stderr,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function listening(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The postmaster pid of the embedded server in `dataDir`. */
export function postmasterPid(dataDir) {
  const file = path.join(dataDir, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

/** An access token for a demo account. */
export async function signIn(base, email = 'cm1@riverside.huddle.test') {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return `Bearer ${(await res.json()).accessToken}`;
}

/**
 * `count` writers registering patients (unique MRNs) against `target.base` until `stop()`; an
 * acknowledged write is a 201 with its id. Connection errors (API down) and 503s are retried after a
 * pause; any other 5xx is counted.
 */
export function startWriters(target, auth, count = 20, tag = 'R') {
  const state = { acknowledged: [], tried: 0, unavailable: 0, fiveXx: 0, refused: 0, lastAckAt: 0, stopped: false };
  let n = 0;
  const one = async (w) => {
    while (!state.stopped) {
      const mrn = `${tag}-${w}-${n++}-${Date.now().toString(36)}`;
      state.tried++;
      const sentAt = Date.now();
      try {
        const res = await fetch(`${target.base}/api/patients`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: auth },
          body: JSON.stringify({
            mrn,
            givenName: 'Reliability',
            familyName: 'Writer',
            birthDate: '1980-01-01',
            preferredLanguage: 'en',
            payer: 'Medicaid',
          }),
        });
        const body = await res.json().catch(() => ({}));
        if (res.status === 201) {
          state.acknowledged.push(body.id);
          state.lastAckAt = Date.now();
          state.lastAckSentAt = sentAt;
        } else if (res.status === 503) {
          state.unavailable++;
          await sleep(250);
        } else if (res.status >= 500) {
          state.fiveXx++;
        }
      } catch {
        state.refused++; // the API is down: not acknowledged
        await sleep(100);
      }
    }
  };
  const running = Array.from({ length: count }, (_, w) => one(w));
  return {
    state,
    /** Resolves at the first write acknowledged that was sent after `since` (ms epoch); its time. */
    async recoveredAfter(since, timeoutMs = 300_000) {
      while (!(state.lastAckSentAt > since)) {
        if (Date.now() - since > timeoutMs) return null;
        await sleep(20);
      }
      return state.lastAckAt;
    },
    async stop() {
      state.stopped = true;
      await Promise.all(running);
      return state;
    },
  };
}

/** How many of `ids` are in the database at `url` (patient rows). */
export async function countPresent(url, ids) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query('SELECT count(*)::int AS n FROM patient WHERE id = ANY($1::uuid[])', [ids]);
    return res.rows[0].n;
  } finally {
    await client.end();
  }
}

/** Runs a built CLI (dist) with the scenario's environment; returns { status, stdout, stderr }. */
export function runCli(ws, { pgPort }, script, args, extraEnv = {}) {
  return spawnSync(
    process.execPath,
    ['-r', './tools/scripts/api-aliases.cjs', `dist/apps/api/apps/api/src/${script}`, ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATABASE_OWNER_URL: '',
        EMBEDDED_PG_DIR: ws.dataDir,
        EMBEDDED_PG_PORT: String(pgPort),
        BACKUP_DIR: ws.backupDir,
        AUDIT_CHECKPOINT_FILE: path.join(ws.dir, 'audit-checkpoints.log'),
        ...extraEnv,
      },
    },
  );
}

/** runCli without blocking this process (the scenario's writers keep writing meanwhile). */
export function runCliAsync(ws, { pgPort }, script, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', './tools/scripts/api-aliases.cjs', `dist/apps/api/apps/api/src/${script}`, ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: '',
          DATABASE_OWNER_URL: '',
          EMBEDDED_PG_DIR: ws.dataDir,
          EMBEDDED_PG_PORT: String(pgPort),
          BACKUP_DIR: ws.backupDir,
          AUDIT_CHECKPOINT_FILE: path.join(ws.dir, 'audit-checkpoints.log'),
          ...extraEnv,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

export { sleep };

/** Stops the scenario's API (if any) and any PostgreSQL still running in its data folders, then removes them. */
export async function cleanup(ws, api, extraDataDirs = []) {
  await api?.stop().catch(() => undefined);
  for (const dir of [ws.dataDir, ...extraDataDirs]) {
    const pid = postmasterPid(dir);
    if (!pid) continue;
    try {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100; i++) {
        process.kill(pid, 0);
        await sleep(100);
      }
    } catch {
      /* gone */
    }
  }
  ws.remove();
}
