// Backups that restore (issue #14): writes under WAL archiving, `npm run backup`, more writes, a target
// time, more writes, `npm run restore -- --to <time> --target <new folder>`, then audit:verify --as-of
// on the restored folder. writesLost: writes acknowledged before the target time missing after restore.
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  cleanup,
  countPresent,
  ownerUrl,
  ports,
  root,
  runCli,
  runCliAsync,
  signIn,
  sleep,
  startApi,
  startWriters,
  workspace,
} from '../lib/crash-harness.mjs';

export const name = 'backup-restore';

export async function run(ctx = {}) {
  const ws = workspace('huddle-backup-');
  const where = ports(ctx, 20);
  const dist = createRequire(import.meta.url);
  const { switchWal } = dist(path.join(root, 'dist/apps/api/apps/api/src/app/database/backup.js'));
  const { startEmbeddedDatabase } = dist(
    path.join(root, 'dist/apps/api/apps/api/src/app/database/embedded-database.js'),
  );
  const restoredDir = path.join(ws.dir, 'restored');
  let api;
  try {
    api = await startApi(ws, where, { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1' });
    const auth = await signIn(api.base);
    const writers = startWriters({ base: api.base }, auth, 20, 'BKP');
    await sleep(2000);
    // Taken while the 20 writers keep writing (a blocking spawnSync here used to pause them).
    const backup = await runCliAsync(ws, where, 'cli/backup.js', ['backup']);
    if (backup.status !== 0) throw new Error(`npm run backup failed: ${backup.stderr}`);
    await sleep(2000);
    const beforeTarget = [...writers.state.acknowledged];
    await sleep(1500); // a checkpoint of the head lands before the target time
    const target = new Date();
    await sleep(2000);
    const state = await writers.stop();
    // The WAL past the target must be archived before a restore can reach it (archive_timeout is 60 s).
    await switchWal(ownerUrl(where.pgPort));
    await api.stop();
    const started = Date.now();
    const restore = runCli(ws, where, 'cli/backup.js', [
      'restore',
      '--to',
      target.toISOString(),
      '--target',
      restoredDir,
      '--port',
      String(where.pgPort + 1),
    ]);
    if (restore.status !== 0) throw new Error(`npm run restore failed: ${restore.stderr}${restore.stdout}`);
    const restoreSeconds = (Date.now() - started) / 1000;
    const verify = runCli({ ...ws, dataDir: restoredDir }, { pgPort: where.pgPort + 2 }, 'audit-verify.js', [
      '--as-of',
      target.toISOString(),
    ]);
    // Count what came back: the restored folder served on a port of its own.
    const server = await startEmbeddedDatabase({ dataDir: restoredDir, port: where.pgPort + 3, persistent: true });
    let present;
    try {
      present = await countPresent(server.url, beforeTarget);
    } finally {
      await server.stop();
    }
    return [
      {
        scenario: `backup + point-in-time restore (${beforeTarget.length} writes before the target; audit:verify --as-of ${verify.status === 0 ? 'passed' : 'FAILED'})`,
        tried: state.tried,
        fiveXx: state.fiveXx + (verify.status === 0 ? 0 : 1),
        rowsChanged: state.acknowledged.length,
        writesLost: beforeTarget.length - present,
        recoverySeconds: restoreSeconds,
        writes: true,
        failures:
          verify.status === 0 ? [] : [`audit:verify --as-of failed: ${verify.stdout}${verify.stderr}`.slice(0, 500)],
      },
    ];
  } finally {
    await cleanup(ws, api, [restoredDir]);
  }
}
