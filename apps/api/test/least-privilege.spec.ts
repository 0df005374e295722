import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AuditCheckpointService } from '../src/app/audit-anchor/audit-checkpoint.service';
import { AuditService } from '../src/app/audit/audit.service';
import { loadConfig } from '../src/app/config/app-config';
import { APP_ROLE, credentialsOf, ensureAppRole } from '../src/app/database/database-roles';
import { main as auditVerify } from '../src/audit-verify';
import { createClinic } from './fixtures';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { createTestApp, type TestApp } from './test-app';

/** Runs `npm run audit:verify` in-process against `ownerUrl`; returns its exit code and what it printed. */
async function verify(env: NodeJS.ProcessEnv, argv: string[] = []): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    return { code: await auditVerify(loadConfig(env), argv), out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('least privilege: the API runs as huddle_app', () => {
  let app: Client;

  beforeAll(async () => {
    app = new Client({ connectionString: process.env['DATABASE_URL'] });
    await app.connect();
  });
  afterAll(() => app.end());

  it('connects every API test as the non-superuser app role', async () => {
    expect(credentialsOf(process.env['DATABASE_URL'] ?? '').user).toBe(APP_ROLE);
    const role = await app.query(
      `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication, rolcanlogin
       FROM pg_roles WHERE rolname = current_user`,
    );
    expect(role.rows[0]).toEqual({
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolcanlogin: true,
    });
  });

  it('sets the app role from several instances starting at once (PostgreSQL refuses concurrent role updates)', async () => {
    // As every API process does at start-up (main.ts), eight at once, with the role's current password.
    const { password } = credentialsOf(process.env['DATABASE_URL'] as string);
    const owner = process.env['DATABASE_OWNER_URL'] as string;
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ensureAppRole(owner, password)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const again = new Client({ connectionString: process.env['DATABASE_URL'] });
    await again.connect();
    expect((await again.query('SELECT current_user AS "user"')).rows[0].user).toBe(APP_ROLE);
    await again.end();
  });

  it('cannot lift the audit lock: disable the trigger, delete, update, truncate', async () => {
    await expect(app.query('ALTER TABLE audit_log DISABLE TRIGGER trg_audit_log_append_only')).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.query('DELETE FROM audit_log WHERE id > 0')).rejects.toThrow(/permission denied/);
    await expect(app.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(app.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
    await expect(app.query('DELETE FROM audit_patient_list')).rejects.toThrow(/permission denied/);
    await expect(app.query('TRUNCATE audit_patient_list')).rejects.toThrow(/permission denied/);
    await expect(app.query('DROP TABLE audit_log')).rejects.toThrow(/must be owner/);
    await expect(app.query('DROP FUNCTION audit_log_append_only() CASCADE')).rejects.toThrow(/must be owner/);
  });

  it('cannot create roles, databases or tables, nor change the schema or the migrations', async () => {
    await expect(app.query('CREATE ROLE intruder SUPERUSER')).rejects.toThrow(/permission denied/);
    await expect(app.query(`ALTER ROLE ${APP_ROLE} SUPERUSER`)).rejects.toThrow(/permission denied/);
    await expect(app.query('CREATE DATABASE intruder')).rejects.toThrow(/permission denied/);
    await expect(app.query('CREATE TABLE intruder (id int)')).rejects.toThrow(/permission denied for schema public/);
    await expect(app.query('ALTER TABLE patient ADD COLUMN intruder int')).rejects.toThrow(/must be owner/);
    await expect(app.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied/);
    await expect(app.query('SELECT * FROM audit_pending')).rejects.toThrow(/permission denied/);
    await expect(app.query('DROP TABLE pgboss.job')).rejects.toThrow(/must be owner/);
  });

  it('still appends to the audit log (audit_append) and reads it', async () => {
    const before = await app.query('SELECT count(*)::int AS n FROM audit_log');
    await app.query(`SELECT audit_append($1::jsonb)`, [
      JSON.stringify([
        {
          occurredAt: new Date().toISOString(),
          action: 'test.grant',
          outcome: 'success',
          details: {},
          canonical: '{}',
        },
      ]),
    ]);
    const after = await app.query('SELECT count(*)::int AS n FROM audit_log');
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });
});

describe('least privilege: tables added by later migrations', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => (scratch = await createScratchDatabase()));
  afterAll(() => scratch.drop());

  it('get the app grants by default privileges; append-only tables revoke UPDATE and DELETE', async () => {
    const owner = new Client({ connectionString: scratch.ownerUrl });
    const app = new Client({ connectionString: scratch.url });
    await owner.connect();
    await app.connect();
    try {
      await owner.query('CREATE TABLE later_table (id bigserial PRIMARY KEY, note text)');
      await app.query(`INSERT INTO later_table (note) VALUES ('x')`);
      await app.query(`UPDATE later_table SET note = 'y'`);
      expect((await app.query('DELETE FROM later_table')).rowCount).toBe(1);
      await expect(app.query('TRUNCATE later_table')).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
      await owner.end();
    }
  });
});

describe('audit head anchored outside the database', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let owner: Client;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'huddle-checkpoints-'));
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: scratch.url,
      DATABASE_OWNER_URL: scratch.ownerUrl,
      AUDIT_CHECKPOINT_FILE: path.join(dir, 'audit-checkpoints.log'),
      AUDIT_CHECKPOINT_KEY: 'k'.repeat(40),
    };
    t = await createTestApp(
      {
        AUDIT_CHECKPOINT_FILE: env['AUDIT_CHECKPOINT_FILE'],
        AUDIT_CHECKPOINT_KEY: env['AUDIT_CHECKPOINT_KEY'],
        AUDIT_CHECKPOINT_INTERVAL_SECONDS: '3600',
      },
      scratch.url,
    );
    owner = new Client({ connectionString: scratch.ownerUrl });
    await owner.connect();
    const clinic = await createClinic(t);
    for (let n = 1; n <= 6; n++)
      await t.app.get(AuditService).record({ action: `test.row${n}`, outcome: 'success', actor: clinic.admin });
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends a signed checkpoint of the head, and verify passes against it', async () => {
    await t.app.get(AuditCheckpointService).checkpoint();
    const head = await t.db.query('SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    const lines = (await readFile(env['AUDIT_CHECKPOINT_FILE'] as string, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ id: head[0].id, hash: head[0].hash, v: 1 });
    const result = await verify(env);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Checkpoint of`);
    expect(result.out).toContain(`row ${head[0].id}, hash ${head[0].hash}`);
  });

  it('refuses a checkpoint file whose line was edited', async () => {
    const file = env['AUDIT_CHECKPOINT_FILE'] as string;
    const original = await readFile(file, 'utf8');
    const edited = JSON.parse(original.trim().split('\n').at(-1) ?? '{}');
    await writeFile(file, `${original}${JSON.stringify({ ...edited, id: '1' })}\n`);
    try {
      const result = await verify(env);
      expect(result.code).toBe(2);
      expect(result.out).toMatch(/Checkpoint file BROKEN at line \d+/);
    } finally {
      await writeFile(file, original);
    }
  });

  it('detects removal of the newest rows by the owner, which the chain alone cannot see', async () => {
    await owner.query('ALTER TABLE audit_log DISABLE TRIGGER trg_audit_log_append_only');
    try {
      await owner.query('DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log)');
    } finally {
      await owner.query('ALTER TABLE audit_log ENABLE TRIGGER trg_audit_log_append_only');
    }
    const result = await verify(env);
    expect(result.out).toContain('Audit log chain intact');
    expect(result.out).toMatch(/is gone \(the newest rows were removed\)/);
    expect(result.code).toBe(2);
  });
});
