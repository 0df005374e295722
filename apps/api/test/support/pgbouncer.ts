import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { postgresUser } from '../../src/app/database/embedded-server-lock';
import { freePort } from './embedded-cluster';

/** Debian's PgBouncer (`apt-get install pgbouncer`; .ci/run installs it). */
export const PGBOUNCER_BINARY = '/usr/sbin/pgbouncer';

export const pgbouncerInstalled = (): boolean => existsSync(PGBOUNCER_BINARY);

export interface RunningPgBouncer {
  port: number;
  /** `url` with host and port replaced by PgBouncer's. */
  through(url: string): string;
  /** Rows of an admin-console command (`SHOW POOLS`, `SHOW STATS`…), as `user`. */
  show(command: string, url: string): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

/**
 * PgBouncer in transaction mode in front of the server at `serverUrl` (every database), with `users`
 * (name → password) allowed, `serverPoolSize` server connections per database and user. Runs as the
 * `postgres` user when the test runs as root (PgBouncer refuses root).
 */
export async function startPgBouncer(options: {
  dir: string;
  serverUrl: string;
  users: Record<string, string>;
  serverPoolSize: number;
}): Promise<RunningPgBouncer> {
  const server = new URL(options.serverUrl);
  const port = await freePort();
  const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
  const authFile = path.join(options.dir, 'userlist.txt');
  await writeFile(
    authFile,
    Object.entries(options.users)
      .map(([user, password]) => `${quote(user)} ${quote(password)}`)
      .join('\n') + '\n',
  );
  const config = path.join(options.dir, 'pgbouncer.ini');
  await writeFile(
    config,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'pool_mode = transaction',
      `default_pool_size = ${options.serverPoolSize}`,
      'max_client_conn = 500',
      'auth_type = scram-sha-256',
      `auth_file = ${authFile}`,
      `admin_users = ${Object.keys(options.users).join(', ')}`,
      // Sent by some drivers at start; PgBouncer cannot keep them per client in transaction mode.
      'ignore_startup_parameters = extra_float_digits, options',
      `logfile = ${path.join(options.dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(options.dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  const user = typeof process.getuid === 'function' && process.getuid() === 0 ? postgresUser() : null;
  if (user) {
    await chmod(options.dir, 0o777);
    await chmod(authFile, 0o644);
    await chmod(config, 0o644);
  }
  const child: ChildProcess = spawn(PGBOUNCER_BINARY, [config], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const through = (url: string): string => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const probeUrl = through(options.serverUrl);
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${stderr}`);
    const client = new Client({ connectionString: probeUrl });
    try {
      await client.connect();
      await client.query('SELECT 1');
      break;
    } catch (error) {
      if (attempt > 100) throw new Error(`pgbouncer not answering: ${String(error)} ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return {
    port,
    through,
    async show(command, url) {
      const admin = new URL(through(url));
      admin.pathname = '/pgbouncer';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        return (await client.query(command)).rows as Array<Record<string, unknown>>;
      } finally {
        await client.end();
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
