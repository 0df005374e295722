import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type AppConfig } from '../app/config/app-config';
import { backupDir } from '../app/config/data-paths';
import { listBaseBackups, restoreToTime, switchWal, takeBaseBackup } from '../app/database/backup';
import { embeddedDatabaseUrl, startEmbeddedDatabase, type RunningDatabase } from '../app/database/embedded-database';
import { Client } from 'pg';

const USAGE = `Usage:
  npm run backup                                   base backup of the embedded database into BACKUP_DIR/base
  npm run restore -- --to <time> [--target <dir>]  the database as it was at <time> (ISO 8601), in a new folder
Continuous WAL archiving (WAL_ARCHIVING, on by default) fills BACKUP_DIR/wal while the API runs.`;

/** The running API's embedded server, or one started here (with archiving) and stopped after. */
async function embeddedServer(config: AppConfig): Promise<{ url: string; stop(): Promise<void> }> {
  const url = embeddedDatabaseUrl(config.EMBEDDED_PG_PORT);
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return { url, stop: async () => undefined };
  } catch {
    const server: RunningDatabase = await startEmbeddedDatabase({
      dataDir: config.EMBEDDED_PG_DIR,
      port: config.EMBEDDED_PG_PORT,
      persistent: true,
      supervise: true,
      archiveDir: path.join(backupDir(config), 'wal'),
    });
    return server;
  }
}

async function backup(config: AppConfig): Promise<void> {
  if (config.DATABASE_URL) {
    throw new Error(
      'npm run backup covers the embedded database; back up an external server with its own tools (pg_basebackup)',
    );
  }
  const server = await embeddedServer(config);
  try {
    const info = await takeBaseBackup({
      ownerUrl: server.url,
      dataDir: config.EMBEDDED_PG_DIR,
      backupDir: backupDir(config),
    });
    await switchWal(server.url);
    console.log(
      `Base backup ${info.name} written to ${path.join(backupDir(config), 'base', info.name)} (${info.startedAt} – ${info.stoppedAt}).`,
    );
    console.log(`Restore any time after ${info.stoppedAt}: npm run restore -- --to <time> [--target <new folder>]`);
  } finally {
    await server.stop();
  }
}

async function restore(
  config: AppConfig,
  to: string | undefined,
  target: string | undefined,
  port: string | undefined,
): Promise<void> {
  if (!to) throw new Error(`--to is required\n${USAGE}`);
  const when = new Date(to);
  if (Number.isNaN(when.getTime())) throw new Error(`--to: not a date/time: ${to}`);
  const dir = path.resolve(target ?? `${config.EMBEDDED_PG_DIR}-restored-${when.toISOString().replace(/[:.]/g, '-')}`);
  const backups = await listBaseBackups(backupDir(config));
  if (backups.length === 0) throw new Error(`no base backup in ${backupDir(config)}: run npm run backup first`);
  const base = await restoreToTime({
    backupDir: backupDir(config),
    to: when,
    target: dir,
    port: Number(port ?? config.EMBEDDED_PG_PORT + 100),
  });
  console.log(`Restored base backup ${base.name} and the archived WAL up to ${when.toISOString()} into ${dir}.`);
  console.log(`Check it:  EMBEDDED_PG_DIR=${dir} npm run audit:verify -- --as-of ${when.toISOString()}`);
  console.log(`Serve it:  EMBEDDED_PG_DIR=${dir} npm start`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      target: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const config = loadConfig(process.env);
  if (positionals[0] === 'restore') return restore(config, values.to, values.target, values.port);
  if (positionals.length > 0 && positionals[0] !== 'backup') throw new Error(USAGE);
  return backup(config);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `backup/restore failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
