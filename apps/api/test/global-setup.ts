import './register-aliases';
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_ROLE,
  ensureAppRole,
  newRolePassword,
  prepareDatabaseAsOwner,
  withCredentials,
} from '../src/app/database/database-roles';
import { startEmbeddedDatabase } from '../src/app/database/embedded-database';

declare global {
  var __HUDDLE_TEST_DB__: { stop(): Promise<void> } | undefined;
}

function freePort(): Promise<number> {
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

/**
 * Starts a fresh temporary PostgreSQL cluster for the run (unless DATABASE_URL is set) and applies
 * the migrations once, as the owner. Then, like main.ts, every test connects as the app role
 * (`huddle_app`, least privilege): DATABASE_URL is its URL, DATABASE_OWNER_URL the owner's (for tests
 * that must act as the owner: scratch databases, tampering with the audit log).
 * Tests isolate themselves by creating their own clinic.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env['DATABASE_URL']) {
    const tempDir = await mkdtemp(path.join(tmpdir(), 'huddle-test-'));
    await chmod(tempDir, 0o755); // as root, the postgres user must be able to enter it
    const dataDir = path.join(tempDir, 'pg');
    const db = await startEmbeddedDatabase({ dataDir, port: await freePort(), persistent: false });
    globalThis.__HUDDLE_TEST_DB__ = db;
    process.env['DATABASE_URL'] = db.url;
  }
  const ownerUrl = process.env['DATABASE_OWNER_URL'] ?? (process.env['DATABASE_URL'] as string);
  const password = newRolePassword();
  await ensureAppRole(ownerUrl, password);
  await prepareDatabaseAsOwner(ownerUrl);
  process.env['DATABASE_OWNER_URL'] = ownerUrl;
  process.env['DATABASE_URL'] = withCredentials(ownerUrl, APP_ROLE, password);
}
