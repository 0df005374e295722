import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The role the API connects as (migration 1764000017000): LOGIN, not a superuser, no BYPASSRLS, no
 * CREATEROLE; `SELECT, INSERT, UPDATE, DELETE` on registry tables, only `SELECT, INSERT` on the audit
 * tables, and no ownership of anything — so it cannot disable the audit triggers, truncate, or alter
 * the schema. Migrations run as the owner (docs/adr/0011-least-privilege-and-recovery.md).
 */
export const APP_ROLE = 'huddle_app';

/** The pg-boss schema (JobQueue); installed and migrated by the owner, used by the app role. */
export const JOB_SCHEMA = 'pgboss';

/** A fresh password for the app role (embedded mode sets a new one at every start). */
export const newRolePassword = (): string => randomBytes(24).toString('base64url');

/** `url` with another user and password (same host, port and database). */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** `url` naming another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The user and password of a postgres:// URL. */
export function credentialsOf(url: string): { user: string; password: string } {
  const parsed = new URL(url);
  return { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

/**
 * Creates the app role, or brings an existing one back to its least-privilege attributes, with
 * `password`. Needs an owner that may create roles (the embedded server's superuser; with an external
 * server, an owner with CREATEROLE). Without that privilege an existing role is left as it is.
 */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl, application_name: 'huddle-setup' });
  await client.connect();
  try {
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${client.escapeLiteral(password)}`;
    // Several instances starting together (WEB_CONCURRENCY, a deploy of several processes) set the same
    // cluster-wide role at once: PostgreSQL refuses all but one ("tuple concurrently updated", or a
    // duplicate role name when two create it). Each such attempt is made again after a short pause.
    for (let attempt = 1; ; attempt++) {
      const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE])).rowCount === 1;
      try {
        await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${APP_ROLE} ${attributes}`);
        return;
      } catch (error) {
        if (exists && (error as { code?: string }).code === '42501') return;
        if (attempt < ROLE_SETUP_ATTEMPTS && isConcurrentRoleUpdate(error)) {
          await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
          continue;
        }
        throw new Error(
          `cannot ${exists ? 'alter' : 'create'} the database role ${APP_ROLE} as the owner (${(error as Error).message}); ` +
            `create it once as an administrator: CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '…' (README "Configuration")`,
        );
      }
    }
  } finally {
    await client.end();
  }
}

const ROLE_SETUP_ATTEMPTS = 8;

/** Another session changed or created the same role at the same moment (XX000 / 23505 on pg_authid). */
function isConcurrentRoleUpdate(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (code === 'XX000' && /tuple concurrently updated/.test(message ?? '')) || code === '23505';
}

/**
 * Everything done as the owner before the API serves: the migrations (which grant the app role its
 * privileges), then pg-boss's own schema install or upgrade and the app role's grants on it.
 */
export async function prepareDatabaseAsOwner(ownerUrl: string): Promise<void> {
  const db = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    extra: { application_name: 'huddle-migrate' },
  });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await db.destroy();
  }
  await installJobSchema(ownerUrl);
  // A crash soon after start-up then has little WAL to replay (recovery time, issue #14). Needs a
  // superuser or pg_checkpoint; skipped otherwise.
  const client = new Client({ connectionString: ownerUrl, application_name: 'huddle-migrate' });
  await client.connect();
  await client.query('CHECKPOINT').catch(() => undefined);
  await client.end();
}

/**
 * Installs (or upgrades) pg-boss's schema as the owner, then lets the app role use it: queues are
 * created through `create_queue`, which makes and attaches a partition table and so runs as its
 * owner (SECURITY DEFINER); partitions it creates get the app's grants by default privileges.
 */
export async function installJobSchema(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: JOB_SCHEMA,
    application_name: 'huddle-migrate',
    supervise: false,
    schedule: false,
    max: 1,
  });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, wait: true, timeout: 1_000 });
  const client = new Client({ connectionString: ownerUrl, application_name: 'huddle-migrate' });
  await client.connect();
  try {
    await client.query(`
      DO $grants$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN RETURN; END IF;
        GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${APP_ROLE};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${APP_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOB_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE};
        ALTER FUNCTION ${JOB_SCHEMA}.create_queue(text, json) SECURITY DEFINER SET search_path = ${JOB_SCHEMA}, pg_temp;
        ALTER FUNCTION ${JOB_SCHEMA}.delete_queue(text) SECURITY DEFINER SET search_path = ${JOB_SCHEMA}, pg_temp;
      END $grants$`);
  } finally {
    await client.end();
  }
}
