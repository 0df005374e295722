import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Client } from 'pg';
import { AuditService, type AuditEntry } from '../src/app/audit/audit.service';
import { verifyAuditChain } from '../src/app/audit/audit-chain';
import { FakeClock } from './auth-helpers';
import { createClinic, type ClinicFixture } from './fixtures';
import { openScratchApp, type ScratchApp, type ScratchDatabase } from './scratch-database';
import { createTestApp, type TestApp } from './test-app';

describe('audit log: hash chain and tamper detection', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  let superuser: Client;

  const idsByAction = async (): Promise<Record<string, string>> =>
    Object.fromEntries(
      (await t.db.query(`SELECT id, action FROM audit_log ORDER BY id`)).map((r: { id: string; action: string }) => [
        r.action,
        r.id,
      ]),
    );
  /** Runs `sql` with the append-only trigger off, as an owner/superuser could. */
  const tamper = async (sql: string, params: unknown[] = []): Promise<void> => {
    await superuser.query('ALTER TABLE audit_log DISABLE TRIGGER trg_audit_log_append_only');
    try {
      await superuser.query(sql, params);
    } finally {
      await superuser.query('ALTER TABLE audit_log ENABLE TRIGGER trg_audit_log_append_only');
    }
  };
  let app: ScratchApp | undefined;

  beforeAll(async () => {
    ({ t, scratch } = app = await openScratchApp());
    superuser = new Client({ connectionString: scratch.ownerUrl });
    await superuser.connect();
    const audit = t.app.get(AuditService);
    const clinic = await createClinic(t);
    const entries: AuditEntry[] = [
      { action: 'test.first', outcome: 'success', actor: clinic.admin, details: { n: 1, at: new Date(0) } },
      { action: 'test.second', outcome: 'failure', actor: clinic.careManager, patientId: randomUUID().toUpperCase() },
      { action: 'test.third', outcome: 'denied', ip: '::1', details: { nested: { b: 2, a: [1, 'x', null] } } },
      { action: 'test.fourth', outcome: 'success', resourceType: 'patient', resourceId: 'r-1' },
    ];
    for (const entry of entries) await audit.record(entry);
  });
  afterAll(async () => {
    await superuser.end();
    await app?.close();
  });

  it('verifies an untouched chain and reports its head', async () => {
    const report = await verifyAuditChain(t.db, 2);
    const last = await t.db.query(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(report).toEqual({ ok: true, rowsChecked: 4, head: last[0], firstBreak: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE even for the owner, while the trigger is on', async () => {
    await expect(superuser.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(superuser.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(superuser.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('detects an edited row, at that row', async () => {
    const ids = await idsByAction();
    await tamper(`UPDATE audit_log SET outcome = 'success' WHERE id = $1`, [ids['test.second']]);
    expect(await verifyAuditChain(t.db)).toMatchObject({
      ok: false,
      rowsChecked: 1,
      firstBreak: { id: ids['test.second'], reason: 'hash_mismatch', previousId: ids['test.first'] },
    });
    await tamper(`UPDATE audit_log SET outcome = 'failure' WHERE id = $1`, [ids['test.second']]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('detects a forged row appended to the chain', async () => {
    const ids = await idsByAction();
    const [head] = await t.db.query(`SELECT hash FROM audit_log WHERE id = $1`, [ids['test.fourth']]);
    await tamper(
      `INSERT INTO audit_log (id, occurred_at, action, outcome, prev_hash, hash)
       VALUES ($1, now(), 'forged.row', 'success', $2, $3)`,
      [String(BigInt(ids['test.fourth'] ?? 0) * 1000n), head.hash, 'f'.repeat(64)],
    );
    const forged = (await idsByAction())['forged.row'];
    expect((await verifyAuditChain(t.db)).firstBreak).toEqual({
      id: forged,
      reason: 'hash_mismatch',
      previousId: ids['test.fourth'],
    });
    await tamper(`DELETE FROM audit_log WHERE id = $1`, [forged]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("stores a list read's patients once per distinct list, append-only, and detects a changed list", async () => {
    const audit = t.app.get(AuditService);
    const ids = [randomUUID(), randomUUID()];
    await audit.record({ action: 'test.list', outcome: 'success', patientIds: ids });
    await audit.record({ action: 'test.list', outcome: 'success', patientIds: ids });
    const lists = await t.db.query('SELECT sha256, patient_ids FROM audit_patient_list');
    expect(lists).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), patient_ids: ids }]);
    const rows = await t.db.query(`SELECT details FROM audit_log WHERE action = 'test.list'`);
    expect(rows.map((r: { details: unknown }) => r.details)).toEqual([
      { patientList: { sha256: lists[0].sha256, count: 2 } },
      { patientList: { sha256: lists[0].sha256, count: 2 } },
    ]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    await expect(superuser.query('UPDATE audit_patient_list SET patient_ids = patient_ids[1:1]')).rejects.toThrow(
      /append-only/,
    );
    const changeList = async (sql: string): Promise<void> => {
      await superuser.query('ALTER TABLE audit_patient_list DISABLE TRIGGER trg_audit_patient_list_append_only');
      try {
        await superuser.query(sql, [ids]);
      } finally {
        await superuser.query('ALTER TABLE audit_patient_list ENABLE TRIGGER trg_audit_patient_list_append_only');
      }
    };
    await changeList('UPDATE audit_patient_list SET patient_ids = ($1::uuid[])[2:2]');
    expect((await verifyAuditChain(t.db)).firstBreak).toMatchObject({ reason: 'patient_list_mismatch' });
    await changeList('UPDATE audit_patient_list SET patient_ids = $1::uuid[]');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('detects a deleted row, at the row after it', async () => {
    const ids = await idsByAction();
    await tamper(`DELETE FROM audit_log WHERE id = $1`, [ids['test.third']]);
    expect((await verifyAuditChain(t.db)).firstBreak).toEqual({
      id: ids['test.fourth'],
      reason: 'prev_hash_mismatch',
      previousId: ids['test.second'],
    });
  });
});

describe('GET /api/audit', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  const clock = new FakeClock();
  const patientId = randomUUID();
  const get = (auth: string, query: Record<string, string | number> = {}) =>
    request(t.app.getHttpServer()).get('/api/audit').query(query).set('Authorization', auth);

  beforeAll(async () => {
    t = await createTestApp({}, undefined, [], [clock.override]);
    a = await createClinic(t);
    b = await createClinic(t);
    const audit = t.app.get(AuditService);
    clock.advance(-3 * 86_400_000); // three days ago
    await audit.record({ action: 'patient.view', outcome: 'success', actor: a.careManager, patientId });
    clock.advance(86_400_000);
    await audit.record({ action: 'staff.update', outcome: 'success', actor: a.admin, resourceType: 'staff' });
    await audit.record({ action: 'patient.view', outcome: 'success', actor: b.careManager, patientId: randomUUID() });
    clock.advance(2 * 86_400_000);
  });
  afterAll(() => t.close());

  it('is for admins only', async () => {
    for (const staff of [a.careManager, a.consultant, a.pcp, a.leadership]) await get(staff.auth).expect(403);
    await request(t.app.getHttpServer()).get('/api/audit').expect(401);
  });

  it("shows only the caller's clinic, newest first, filtered and paged, and audits the read", async () => {
    const all = await get(a.admin.auth, { outcome: 'success' }).expect(200);
    expect(all.body.items.map((e: { action: string }) => e.action)).toEqual(['staff.update', 'patient.view']);
    expect(all.body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(all.body.items[1]).toEqual({
      id: expect.any(String),
      occurredAt: expect.any(String),
      actorId: a.careManager.id,
      actorRole: 'care_manager',
      action: 'patient.view',
      resourceType: null,
      resourceId: null,
      patientId,
      outcome: 'success',
      ip: null,
      details: {},
    });

    const filtered = async (query: Record<string, string | number>): Promise<string[]> =>
      (await get(a.admin.auth, query).expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(await filtered({ userId: a.admin.id, action: 'staff.update' })).toEqual(['staff.update']);
    expect(await filtered({ outcome: 'denied' })).toEqual(Array(4).fill('access.denied'));
    expect(await filtered({ patientId })).toEqual(['patient.view']);
    expect(await filtered({ action: 'patient.' })).toEqual(['patient.view']);
    const threeDaysAgo = new Date(clock.now().getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
    expect(await filtered({ from: threeDaysAgo, to: threeDaysAgo })).toEqual(['patient.view']);
    // The reads above are themselves in the log now.
    const page2 = await get(a.admin.auth, { pageSize: 2, page: 2, action: 'audit.read' }).expect(200);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 2, total: 6 });
    expect(page2.body.items).toHaveLength(2);

    await get(a.admin.auth, { userId: 'not-a-uuid' }).expect(400);
    await get(a.admin.auth, { action: 'DROP TABLE' }).expect(400);
    await get(a.admin.auth, { page: 0 }).expect(400);
  });
});
