import path from 'node:path';
import type { AppConfig } from './app-config';

/** The folder that holds the embedded data folder (`.data` by default). */
const dataParent = (config: Pick<AppConfig, 'EMBEDDED_PG_DIR'>): string =>
  path.dirname(path.resolve(config.EMBEDDED_PG_DIR));

/** Where WAL segments (`wal/`) and base backups (`base/`) go: BACKUP_DIR, else `<data parent>/backups`. */
export function backupDir(config: Pick<AppConfig, 'EMBEDDED_PG_DIR' | 'BACKUP_DIR'>): string {
  return path.resolve(config.BACKUP_DIR ?? path.join(dataParent(config), 'backups'));
}

/** The audit checkpoint file: AUDIT_CHECKPOINT_FILE, else `<data parent>/audit-checkpoints.log`. */
export function checkpointFile(config: Pick<AppConfig, 'EMBEDDED_PG_DIR' | 'AUDIT_CHECKPOINT_FILE'>): string {
  return path.resolve(config.AUDIT_CHECKPOINT_FILE ?? path.join(dataParent(config), 'audit-checkpoints.log'));
}
