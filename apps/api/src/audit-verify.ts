import { DataSource } from 'typeorm';
import { verifyAuditChain, type AuditChainReport } from './app/audit/audit-chain';
import { ConfigError, loadConfig, type AppConfig } from './app/config/app-config';
import { embeddedDatabaseUrl, startEmbeddedDatabase, type RunningDatabase } from './app/database/embedded-database';

/**
 * `npm run audit:verify`: walks the audit log's hash chain and reports the first broken row.
 * Uses DATABASE_URL, else the embedded server (the running API's, or started here and stopped after).
 * Exit code 0: intact; 2: broken; 1: could not check.
 */
async function main(config: AppConfig): Promise<number> {
  let embedded: RunningDatabase | undefined;
  let db = await connect(config.DATABASE_URL ?? embeddedDatabaseUrl(config.EMBEDDED_PG_PORT));
  if (!db && !config.DATABASE_URL) {
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
    return report.ok ? 0 : 2;
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
  if (report.ok) {
    return `Audit log intact: ${report.rowsChecked} rows verified (${head}).\nRecord the head hash elsewhere to detect later removal of the newest rows.`;
  }
  const b = report.firstBreak;
  const why = {
    hash_mismatch: 'content does not match its hash (edited or forged)',
    prev_hash_mismatch: 'does not follow the previous row (a row was removed or inserted)',
    patient_list_mismatch: 'the patient list it references is missing or was changed',
  }[b?.reason ?? 'hash_mismatch'];
  return `Audit log BROKEN at row ${b?.id}: ${why}.\n` + `${report.rowsChecked} rows verified before it (${head}).`;
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
