// Bench environment: the compiled API modules, a PostgreSQL server, and the API as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** Builds the API and dashboard (production) with Nx. */
export function build() {
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/nx'),
    ['run-many', '-t', 'build', '-p', 'api', 'dashboard', '--outputStyle=static'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('build failed');
}

/** Loads a compiled API module (path relative to apps/api/src), with the @huddle/* aliases registered. */
export function apiModule(relative) {
  require(path.join(root, 'tools/scripts/api-aliases.cjs'));
  return require(path.join(root, 'dist/apps/api/apps/api/src', relative));
}

/** DATABASE_URL, or an embedded server in .data/bench or BENCH_DATA_DIR (kept between runs, so the population is reused). */
export async function startDatabase() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const { startEmbeddedDatabase } = apiModule('app/database/embedded-database.js');
  return startEmbeddedDatabase({
    dataDir: process.env.BENCH_DATA_DIR ?? path.join(root, '.data/bench'),
    port: Number(process.env.BENCH_PG_PORT ?? 5435),
    persistent: true,
    database: 'postgres',
  });
}

export function databaseUrl(baseUrl, name) {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops and re-creates a database, then applies the migrations. */
export async function freshDatabase(baseUrl, name) {
  await withClient(baseUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return migrateDatabase(databaseUrl(baseUrl, name));
}

/** Applies the migrations not yet applied (a reused population gets the indexes added since it was loaded). */
export async function migrateDatabase(url) {
  const { DataSource } = require('typeorm');
  const { MIGRATIONS } = apiModule('app/database/migrations/index.js');
  const ds = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return url;
}

export async function databaseExists(baseUrl, name) {
  return withClient(
    baseUrl,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0,
  );
}

const tryPort = (port) =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });

let nextInRange = 0;
/**
 * A TCP port nobody listens on right now: from `BENCH_API_PORTS` (`first-last`, for a machine shared by
 * several people, each with their own range) when set, otherwise any free port.
 */
export async function freePort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_API_PORTS ?? '');
  if (!range) return tryPort(0);
  const [first, last] = [Number(range[1]), Number(range[2])];
  for (let i = 0; i <= last - first; i++) {
    const port = first + (nextInRange++ % (last - first + 1));
    try {
      return await tryPort(port);
    } catch {
      /* taken: the next one */
    }
  }
  throw new Error(`no free port in BENCH_API_PORTS=${process.env.BENCH_API_PORTS}`);
}

/**
 * Starts the built API against `url` on a free port; resolves once /api/health/ready answers.
 * `env` adds or overrides settings (e.g. `READ_CACHE_ENABLED: 'false'`).
 */
export async function startApi(url, env = {}) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean), '-r', './tools/scripts/api-aliases.cjs', 'dist/apps/api/apps/api/src/main.js'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
        RATE_LIMIT_ENABLED: 'false',
        THROTTLE_ENABLED: 'false',
        // Signing in hundreds of users (argon2) can outlast the default 5-minute access token.
        ACCESS_TOKEN_TTL_SECONDS: '3600',
        ...env,
      },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('API exited during start-up');
    try {
      if ((await fetch(`${base}/api/health/ready`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** The demo and bench users' password (apps/api/src/app/seed/demo-credentials.ts). */
export const BENCH_PASSWORD = 'huddle-demo';

/**
 * Signed-in sessions by `${database} ${email}`: every run against the same database reuses them (a
 * session lives in PostgreSQL, so any API process of the database accepts it).
 */
const sessions = new Map();

/**
 * Signs `users` in (sets `u.authorization`). Sign-in (argon2) is not part of what a scenario measures:
 * a few at a time, retried while the API is busy; a session is created once per database and user and
 * reused by the next run (as a user stays signed in).
 */
export async function signInAll(base, database, users) {
  const signIn = async (u) => {
    const key = `${database} ${u.email}`;
    if (sessions.has(key)) {
      u.authorization = sessions.get(key);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        u.authorization = (await login(base, u.email, BENCH_PASSWORD)).authorization;
        sessions.set(key, u.authorization);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
  };
  for (let i = 0; i < users.length; i += 5) await Promise.all(users.slice(i, i + 5).map(signIn));
}

export async function login(base, email, password) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const body = await res.json();
  return { authorization: `Bearer ${body.accessToken}`, user: body.user };
}

/** The service-level actor of a bench user (for calling services in-process, as a request would). */
export async function actorOf(url, email) {
  const row = await withClient(
    url,
    async (c) =>
      (await c.query('SELECT id, clinic_id, role, display_name FROM staff_user WHERE email = $1', [email])).rows[0],
  );
  if (!row) throw new Error(`bench user ${email} not found`);
  return {
    id: row.id,
    clinicId: row.clinic_id,
    role: row.role,
    displayName: row.display_name,
    sessionId: 'bench',
    ip: null,
  };
}
