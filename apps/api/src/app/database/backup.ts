import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, copyFile, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase } from './embedded-database';
import { postgresUser } from './embedded-server-lock';

/**
 * Backups with PostgreSQL's own mechanisms (issue #14): continuous WAL archiving (embedded-database.ts,
 * `archive_command` into `<backup dir>/wal`) plus base backups taken with the low-level API
 * (`pg_backup_start` / file copy / `pg_backup_stop`, which waits until the WAL the copy needs is
 * archived) into `<backup dir>/base/<stamp>`. A restore copies the newest base backup finished before
 * the target time into a new folder and lets PostgreSQL replay the archived WAL up to that time
 * (`restore_command`, `recovery_target_time`, `recovery.signal`), then promote.
 * (The embedded binaries ship no pg_basebackup; with an external server use its own tools.)
 */

/** What a base backup records next to its folder (`<stamp>.json`). */
export interface BaseBackupInfo {
  name: string;
  startedAt: string;
  stoppedAt: string;
  stopLsn: string;
}

/** Folders whose contents a base backup leaves out (PostgreSQL's documented list) and lock files. */
const SKIP_CONTENTS = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_stat_tmp',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);
const SKIP_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'recovery.signal',
  'standby.signal',
]);

/** Copies `from` into `to`, skipping what a base backup leaves out; files that vanish meanwhile are skipped. */
export async function copyDataDir(from: string, to: string, top = true): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (top && SKIP_FILES.has(entry.name)) continue;
    try {
      if (entry.isDirectory()) {
        if (top && SKIP_CONTENTS.has(entry.name)) await mkdir(target, { recursive: true, mode: 0o700 });
        else await copyDataDir(source, target, false);
      } else if (entry.isFile()) {
        await copyFile(source, target);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

const stamp = (date: Date): string => date.toISOString().replace(/[:.]/g, '-');

/** Takes a base backup of the server at `ownerUrl` whose data folder is `dataDir`. Needs a superuser. */
export async function takeBaseBackup(options: {
  ownerUrl: string;
  dataDir: string;
  backupDir: string;
}): Promise<BaseBackupInfo> {
  const started = new Date();
  const name = stamp(started);
  const target = path.join(options.backupDir, 'base', name);
  const client = new Client({ connectionString: options.ownerUrl, application_name: 'huddle-backup' });
  await client.connect();
  try {
    const archiving = await client.query<{ archive_mode: string }>('SHOW archive_mode');
    if (archiving.rows[0]?.archive_mode !== 'on') {
      throw new Error('WAL archiving is off (archive_mode): start the API with WAL_ARCHIVING=true first');
    }
    await client.query('SELECT pg_backup_start($1, true)', [`huddle ${name}`]);
    let stopped: { lsn: string; labelfile: string; spcmapfile: string | null } | undefined;
    try {
      await copyDataDir(path.resolve(options.dataDir), target);
    } finally {
      // Waits until every WAL segment the copy needs is archived.
      const result = await client.query('SELECT lsn::text AS lsn, labelfile, spcmapfile FROM pg_backup_stop(true)');
      stopped = result.rows[0];
    }
    if (!stopped) throw new Error('pg_backup_stop returned nothing');
    await writeFile(path.join(target, 'backup_label'), stopped.labelfile);
    if (stopped.spcmapfile) await writeFile(path.join(target, 'tablespace_map'), stopped.spcmapfile);
    const info: BaseBackupInfo = {
      name,
      startedAt: started.toISOString(),
      stoppedAt: new Date().toISOString(),
      stopLsn: stopped.lsn,
    };
    await writeFile(path.join(options.backupDir, 'base', `${name}.json`), `${JSON.stringify(info, null, 2)}\n`);
    return info;
  } finally {
    await client.end();
  }
}

/** The base backups in `backupDir`, oldest first. */
export async function listBaseBackups(backupDir: string): Promise<BaseBackupInfo[]> {
  const base = path.join(backupDir, 'base');
  if (!existsSync(base)) return [];
  const infos: BaseBackupInfo[] = [];
  for (const file of (await readdir(base)).filter((f) => f.endsWith('.json'))) {
    const info = JSON.parse(await readFile(path.join(base, file), 'utf8')) as BaseBackupInfo;
    if (existsSync(path.join(base, info.name))) infos.push(info);
  }
  return infos.sort((a, b) => a.stoppedAt.localeCompare(b.stoppedAt));
}

/**
 * Asks the server to finish its current WAL segment and waits until that segment is archived, so a
 * restore can replay everything committed so far (superuser). Returns the segment's name.
 */
export async function switchWal(ownerUrl: string, timeoutMs = 30_000): Promise<string> {
  const client = new Client({ connectionString: ownerUrl, application_name: 'huddle-backup' });
  await client.connect();
  try {
    // A switch with no WAL written since the previous one does nothing and names a segment that is not
    // complete (the reliability suite waited 30 s for it when nothing else was writing): a checkpoint
    // record first makes the switch real, so the segment named is the one just completed.
    await client.query('CHECKPOINT');
    const switched = await client.query<{ segment: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS segment');
    const segment = switched.rows[0]?.segment ?? '';
    const until = Date.now() + timeoutMs;
    for (;;) {
      const archived = await client.query<{ last: string | null }>(
        'SELECT last_archived_wal AS last FROM pg_stat_archiver',
      );
      const last = archived.rows[0]?.last ?? '';
      if (last.slice(0, 24) >= segment) return segment;
      if (Date.now() > until)
        throw new Error(`WAL segment ${segment} not archived within ${timeoutMs / 1000} s (archive_command failing?)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/**
 * Prepares `target` (a new folder) for point-in-time recovery to `to`: the newest base backup that
 * finished before `to`, `recovery.signal`, and the recovery settings in `postgresql.auto.conf`.
 * Starting a server on it then replays the archived WAL up to `to` and promotes.
 */
export async function prepareRestore(options: {
  backupDir: string;
  to: Date;
  target: string;
}): Promise<BaseBackupInfo> {
  const target = path.resolve(options.target);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new Error(`--target ${target} exists and is not empty: restore into a new folder`);
  }
  const candidates = (await listBaseBackups(options.backupDir)).filter(
    (b) => new Date(b.stoppedAt).getTime() <= options.to.getTime(),
  );
  const base = candidates.at(-1);
  if (!base) throw new Error(`no base backup in ${options.backupDir} finished before ${options.to.toISOString()}`);
  await copyDataDir(path.join(options.backupDir, 'base', base.name), target);
  // The label is what makes recovery start from the backup's checkpoint.
  await copyFile(path.join(options.backupDir, 'base', base.name, 'backup_label'), path.join(target, 'backup_label'));
  const wal = path.resolve(options.backupDir, 'wal').replace(/'/g, "''");
  await appendFile(
    path.join(target, 'postgresql.auto.conf'),
    [
      '',
      '# huddle restore (npm run restore)',
      `restore_command = 'cp "${wal}/%f" "%p"'`,
      // PostgreSQL's own timestamptz form (the ISO 'T…Z' form is refused for this setting).
      `recovery_target_time = '${options.to.toISOString().replace('T', ' ').replace('Z', '+00')}'`,
      `recovery_target_action = 'promote'`,
      '',
    ].join('\n'),
  );
  await writeFile(path.join(target, 'recovery.signal'), '');
  await chmod(target, 0o700);
  const user = typeof process.getuid === 'function' && process.getuid() === 0 ? postgresUser() : null;
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, target]);
  return base;
}

/** After promotion: the recovery settings come out of `postgresql.auto.conf` (superuser). */
export async function clearRecoverySettings(ownerUrl: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl, application_name: 'huddle-restore' });
  await client.connect();
  try {
    for (const setting of ['restore_command', 'recovery_target_time', 'recovery_target_action']) {
      await client.query(`ALTER SYSTEM RESET ${setting}`);
    }
  } finally {
    await client.end();
  }
}

/** True when `dir` looks like a PostgreSQL data folder. */
export async function isDataDir(dir: string): Promise<boolean> {
  try {
    return (await lstat(path.join(dir, 'PG_VERSION'))).isFile();
  } catch {
    return false;
  }
}

/**
 * `npm run restore`: a new data folder `target` holding the database as it was at `to` — prepared
 * from the newest earlier base backup, recovered by a temporary server on `port` (archived WAL replayed
 * up to `to`, then promoted), its recovery settings cleared, and stopped. Point EMBEDDED_PG_DIR at it.
 */
export async function restoreToTime(options: {
  backupDir: string;
  to: Date;
  target: string;
  port: number;
  onLog?: (message: string) => void;
}): Promise<BaseBackupInfo> {
  const base = await prepareRestore(options);
  const server = await startEmbeddedDatabase({
    dataDir: options.target,
    port: options.port,
    persistent: true,
    onLog: options.onLog,
  });
  try {
    await clearRecoverySettings(server.url);
  } finally {
    await server.stop();
  }
  return base;
}
