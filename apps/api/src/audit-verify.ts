import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { checkAgainstCheckpoints, checkpointKey, type CheckpointVerdict } from './app/audit-anchor/audit-checkpoint';
import { verifyAuditChain, type AuditChainReport } from './app/audit/audit-chain';
import { ConfigError, loadConfig, type AppConfig } from './app/config/app-config';
import { checkpointFile } from './app/config/data-paths';
import { embeddedDatabaseUrl, startEmbeddedDatabase, type RunningDatabase } from './app/database/embedded-database';

/**
 * `npm run audit:verify [-- --as-of <time>] [--checkpoints <file>]`: walks the audit log's hash chain
 * and reports the first broken row, then checks the newest signed checkpoint of the chain head kept
 * outside the database (AUDIT_CHECKPOINT_FILE; at or before `--as-of` after a point-in-time restore):
 * its row must still be there with the same hash, so removal of the newest rows is detected.
 * Uses DATABASE_OWNER_URL or DATABASE_URL, else the embedded server (the running API's, or started here
 * and stopped after). Exit code 0: intact; 2: broken; 1: could not check.
 */
export async function main(config: AppConfig, argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'as-of': { type: 'string' }, checkpoints: { type: 'string' } },
    allowPositionals: false,
  });
  const asOf = values['as-of'] === undefined ? undefined : new Date(values['as-of']);
  if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`--as-of: not a date/time: ${values['as-of']}`);
  const file = values.checkpoints ?? checkpointFile(config);
  let embedded: RunningDatabase | undefined;
  const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  let db = await connect(url ?? embeddedDatabaseUrl(config.EMBEDDED_PG_PORT));
  if (!db && !url) {
    embedded = await startEmbeddedDatabase({
      dataDir: config.EMBEDDED_PG_DIR,
      port: config.EMBEDDED_PG_PORT,
      persistent: true,
    });
    db = await connect(embedded.url);
  }
  if (!db) {
    throw new Error(
      config.DATABASE_URL ? 'cannot connect to DATABASE_URL' : 'cannot reach or start the embedded database',
    );
  }
  try {
    const report = await verifyAuditChain(db);
    console.log(describe(report));
    const key = await checkpointKey(file, config.AUDIT_CHECKPOINT_KEY, false);
    const verdict = await checkAgainstCheckpoints(db, report, file, key, asOf);
    console.log(describeCheckpoint(verdict));
    return report.ok && (verdict.status === 'ok' || verdict.status === 'none') ? 0 : 2;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

async function connect(url: string): Promise<DataSource | null> {
  const db = new DataSource({ type: 'postgres', url, extra: { application_name: 'huddle-audit-verify' } });
  try {
    return await db.initialize();
  } catch {
    return null;
  }
}

/** One paragraph for the operator. */
export function describe(report: AuditChainReport): string {
  const head = report.head ? `last verified row ${report.head.id}, hash ${report.head.hash}` : 'no rows';
  if (report.ok) return `Audit log chain intact: ${report.rowsChecked} rows verified (${head}).`;
  const b = report.firstBreak;
  const why = {
    hash_mismatch: 'content does not match its hash (edited or forged)',
    prev_hash_mismatch: 'does not follow the previous row (a row was removed or inserted)',
    patient_list_mismatch: 'the patient list it references is missing or was changed',
  }[b?.reason ?? 'hash_mismatch'];
  return `Audit log BROKEN at row ${b?.id}: ${why}.\n` + `${report.rowsChecked} rows verified before it (${head}).`;
}

/** One line about the newest checkpoint. */
export function describeCheckpoint(verdict: CheckpointVerdict): string {
  switch (verdict.status) {
    case 'ok':
      return `Checkpoint of ${verdict.checkpoint.at} matches: row ${verdict.checkpoint.id}, hash ${verdict.checkpoint.hash}.`;
    case 'none':
      return `No checkpoint checked (${verdict.reason}): removal of the newest rows cannot be ruled out.`;
    case 'file_altered':
      return `Checkpoint file BROKEN at line ${verdict.line}: its signature does not match (edited, or another key).`;
    case 'head_missing':
      return `Audit log BROKEN: row ${verdict.checkpoint.id}, recorded at ${verdict.checkpoint.at}, is gone (the newest rows were removed).`;
    case 'head_changed':
      return `Audit log BROKEN: row ${verdict.checkpoint.id} no longer has the hash recorded at ${verdict.checkpoint.at}.`;
    case 'not_verified':
      return `Audit log BROKEN: the chain breaks before row ${verdict.checkpoint.id}, recorded at ${verdict.checkpoint.at}.`;
  }
}

if (require.main === module) {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  main(config)
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error('audit:verify failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
