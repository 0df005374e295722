import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_ROLE,
  ensureAppRole,
  newRolePassword,
  prepareDatabaseAsOwner,
  withCredentials,
} from '../../src/app/database/database-roles';
import { startEmbeddedDatabase, type RunningDatabase } from '../../src/app/database/embedded-database';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A temporary folder the `postgres` user can enter (tests run as root in CI). */
export async function tempFolder(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A pid that belonged to a process that has already exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 999_999;
}

export interface OwnCluster {
  server: RunningDatabase;
  /** The app role's URL (what the API uses) and the owner's. */
  appUrl: string;
  ownerUrl: string;
}

/**
 * A persistent, supervised embedded server of the test's own (as main.ts starts it), migrated, with the
 * app role: for tests that kill, restart, back up or restore the server.
 */
export async function startOwnCluster(
  dataDir: string,
  options: { archiveDir?: string; onEvent?: (message: string) => void } = {},
): Promise<OwnCluster> {
  const server = await startEmbeddedDatabase({
    dataDir,
    port: await freePort(),
    persistent: true,
    supervise: true,
    archiveDir: options.archiveDir,
    onEvent: options.onEvent,
  });
  const password = newRolePassword();
  await ensureAppRole(server.url, password);
  await prepareDatabaseAsOwner(server.url);
  return { server, ownerUrl: server.url, appUrl: withCredentials(server.url, APP_ROLE, password) };
}
