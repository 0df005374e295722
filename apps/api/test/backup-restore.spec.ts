import path from 'node:path';
import { Client } from 'pg';
import { AuditCheckpointService } from '../src/app/audit-anchor/audit-checkpoint.service';
import { AuditService } from '../src/app/audit/audit.service';
import { loadConfig } from '../src/app/config/app-config';
import { listBaseBackups, restoreToTime, switchWal, takeBaseBackup } from '../src/app/database/backup';
import { startEmbeddedDatabase } from '../src/app/database/embedded-database';
import { main as auditVerify } from '../src/audit-verify';
import { createClinic } from './fixtures';
import { freePort, startOwnCluster, tempFolder, type OwnCluster } from './support/embedded-cluster';
import { createTestApp, type TestApp } from './test-app';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function verify(env: NodeJS.ProcessEnv, argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    return { code: await auditVerify(loadConfig(env), argv), out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

/**
 * Backups that restore (issue #14): WAL archiving + a base backup, then a point-in-time restore into a
 * new data folder; audit:verify passes there with the head hash the log had at the target time, and
 * the later rows are not in it.
 */
describe('backups: WAL archiving, base backup and point-in-time restore', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let cluster: OwnCluster;
  let t: TestApp;
  let backupDir: string;
  let checkpoints: string;
  const key = 'r'.repeat(40);

  beforeAll(async () => {
    folder = await tempFolder('huddle-backup-');
    backupDir = path.join(folder.dir, 'backups');
    checkpoints = path.join(folder.dir, 'audit-checkpoints.log');
    cluster = await startOwnCluster(path.join(folder.dir, 'pg'), { archiveDir: path.join(backupDir, 'wal') });
    t = await createTestApp(
      { AUDIT_CHECKPOINT_FILE: checkpoints, AUDIT_CHECKPOINT_KEY: key, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '3600' },
      cluster.appUrl,
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await cluster?.server.stop();
    await folder?.remove();
  });

  it('restores to a time into a new folder, where audit:verify passes with the head hash of that time', async () => {
    const audit = t.app.get(AuditService);
    const clinic = await createClinic(t);
    const record = async (label: string, n: number): Promise<void> => {
      for (let i = 0; i < n; i++)
        await audit.record({ action: `backup.${label}`, outcome: 'success', actor: clinic.admin });
    };
    await record('before-base', 3);
    const base = await takeBaseBackup({ ownerUrl: cluster.ownerUrl, dataDir: cluster.server.dataDir, backupDir });
    expect((await listBaseBackups(backupDir)).map((b) => b.name)).toEqual([base.name]);

    await record('after-base', 3);
    await t.app.get(AuditCheckpointService).checkpoint();
    const [headAtTarget] = await t.db.query('SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    await pause(300);
    const target = new Date();
    await pause(300);
    await record('after-target', 4);
    await t.app.get(AuditCheckpointService).checkpoint();
    const [headNow] = await t.db.query('SELECT id::text AS id FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(BigInt(headNow.id)).toBeGreaterThan(BigInt(headAtTarget.id));
    await switchWal(cluster.ownerUrl);

    const restoredDir = path.join(folder.dir, 'restored');
    const used = await restoreToTime({ backupDir, to: target, target: restoredDir, port: await freePort() });
    expect(used.name).toBe(base.name);

    const restored = await startEmbeddedDatabase({ dataDir: restoredDir, port: await freePort(), persistent: true });
    try {
      const owner = new Client({ connectionString: restored.url });
      await owner.connect();
      const head = await owner.query('SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
      const later = await owner.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'backup.after-target'`);
      const recovering = await owner.query('SELECT pg_is_in_recovery() AS r');
      await owner.end();
      expect(head.rows[0]).toEqual(headAtTarget);
      expect(later.rows[0].n).toBe(0);
      expect(recovering.rows[0].r).toBe(false);

      const env = {
        NODE_ENV: 'test',
        DATABASE_URL: restored.url,
        AUDIT_CHECKPOINT_FILE: checkpoints,
        AUDIT_CHECKPOINT_KEY: key,
      };
      const asOf = await verify(env, ['--as-of', target.toISOString()]);
      expect(asOf.out).toContain(`row ${headAtTarget.id}, hash ${headAtTarget.hash}`);
      expect(asOf.code).toBe(0);
      // Without --as-of the newest checkpoint (after the target) names rows the restore rightly left out.
      const newest = await verify(env, []);
      expect(newest.out).toMatch(/is gone/);
      expect(newest.code).toBe(2);
    } finally {
      await restored.stop();
    }
  }, 120_000);
});
