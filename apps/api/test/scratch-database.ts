import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { prepareDatabaseAsOwner, withDatabase } from '../src/app/database/database-roles';
import { createTestApp, type TestApp } from './test-app';

export interface ScratchDatabase {
  /** The app role's URL (what the API uses). */
  url: string;
  /** The owner's URL (migrations, tampering as an owner could). */
  ownerUrl: string;
  drop(): Promise<void>;
}

/** A new, migrated, empty database on the test server, for tests that need a whole registry to themselves. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const appUrl = process.env['DATABASE_URL'];
  const baseUrl = process.env['DATABASE_OWNER_URL'] ?? appUrl;
  if (!baseUrl || !appUrl) throw new Error('DATABASE_URL is not set: global-setup did not run');
  const name = `huddle_scratch_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const ownerUrl = withDatabase(baseUrl, name);
  await prepareDatabaseAsOwner(ownerUrl);
  return {
    url: withDatabase(appUrl, name),
    ownerUrl,
    async drop() {
      const client = new Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A test app of its own on a new scratch database; `close` closes the app and drops the database. */
export interface ScratchApp {
  t: TestApp;
  scratch: ScratchDatabase;
  close(): Promise<void>;
}

/** {@link createScratchDatabase} and {@link createTestApp} on it (`env` as createTestApp takes it). */
export async function openScratchApp(env: NodeJS.ProcessEnv = {}): Promise<ScratchApp> {
  const scratch = await createScratchDatabase();
  let t: TestApp;
  try {
    t = await createTestApp(env, scratch.url);
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  return {
    t,
    scratch,
    async close() {
      await t.close();
      await scratch.drop();
    },
  };
}
