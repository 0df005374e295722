import type { CaseloadPage } from '@huddle/shared-types';
import { Client } from 'pg';
import { CaseloadService } from '../src/app/caseload/caseload.service';
import type { Actor } from '../src/app/common/request-actor';
import { PATIENTS_NAMED_PER_STATEMENT } from '../src/app/database/migrations/1764000040000-patient-named-registry-changes';
import { VIA_TABLES } from '../src/app/database/migrations/1764000041000-static-registry-notifications';
import { RegistryChanges } from '../src/app/database/registry-changes.service';
import { createClinic, createPatient, type ClinicFixture, type StaffFixture } from './fixtures';
import {
  api,
  dischargeEpisode,
  freezeClock,
  insertContact,
  insertManualFlag,
  must,
  phq9Body,
  renameSilently,
} from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

const NOW = '2026-11-20T17:00:00Z';

/**
 * The caseload's row refresh (issue #13; docs/adr/0005-read-caches.md, amended): a caseload held in memory
 * re-reads only the rows of the patients a write names, and equals the caseload read afresh after every kind
 * of write.
 */
describe('caseload row refresh (READ_CACHE_ENABLED=true)', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let changes: RegistryChanges;
  let http: ReturnType<typeof api>;

  /** The default page (priority order), the one cut from the rows held in memory. */
  const caseload = async (reader: StaffFixture, query = 'pageSize=100'): Promise<CaseloadPage> =>
    (await http.get(`/api/caseload?${query}`, reader.auth).expect(200)).body;
  const rowOf = (page: CaseloadPage, patientId: string) => page.items.find((row) => row.patientId === patientId);
  /** Until every notification of the writes committed so far has been applied. */
  const settled = (): Promise<void> => changes.settle(a.clinicId);
  const phq9 = phq9Body;

  beforeAll(async () => {
    t = await createTestApp({ READ_CACHE_ENABLED: 'true', ACCESS_TOKEN_TTL_SECONDS: '3600' });
    freezeClock(t, NOW);
    http = api(t);
    a = await createClinic(t);
    changes = t.app.get(RegistryChanges);
    await eventually(() => changes.following);
  });
  afterAll(() => t.close());

  it('re-reads only the rows of the patients a write names; a change naming no patient reads it whole', async () => {
    const p = await createPatient(t.db, a);
    const q = await createPatient(t.db, a);
    await settled();
    expect(rowOf(await caseload(a.careManager), q.patientId)?.familyName).toBe('Patient');

    await renameSilently(t.db, p.patientId, 'P-silent');
    await renameSilently(t.db, q.patientId, 'Q-silent');
    await http.post(`/api/patients/${p.patientId}/assessments`, a.careManager.auth, phq9(0)).expect(201);
    const page = await caseload(a.careManager);
    expect(rowOf(page, p.patientId)).toMatchObject({ familyName: 'P-silent', phq9: { latest: { total: 12 } } });
    // q's row was not read again: the write named p only.
    expect(rowOf(page, q.patientId)?.familyName).toBe('Patient');

    // A change of the caseload that names no patient (coverage, a large statement): everything is read again.
    await t.db.query(`SELECT pg_notify('huddle_registry', $1)`, [`${a.clinicId} ${a.careManager.id}`]);
    await eventually(async () => rowOf(await caseload(a.careManager), q.patientId)?.familyName === 'Q-silent');
  });

  it('equals the caseload read afresh after every kind of write, for its care manager and a consultant', async () => {
    const x = a.careManager;
    const ids = await Promise.all([0, 1, 2, 3].map(() => createPatient(t.db, a)));
    const [p0, p1, p2, p3] = ids.map((id) => id);
    const service = t.app.get(CaseloadService);
    const actorOf = (staff: StaffFixture): Actor => ({ ...staff, sessionId: 'row-refresh-spec', ip: null });
    const checks: Array<[reader: StaffFixture, query: string]> = [
      [x, 'pageSize=100'],
      [x, 'order=desc&pageSize=3&page=2'],
      [x, 'status=active&pageSize=100'],
      [a.consultant, `careManagerId=${x.id}&pageSize=100`],
    ];
    /** Every check's page, held in memory and refreshed, against the same page read whole. */
    const expectFresh = async (step: string): Promise<void> => {
      await settled();
      for (const [reader, query] of checks) {
        const served = await caseload(reader, query);
        const params = Object.fromEntries(new URLSearchParams(query));
        const fresh = await service.allRows(actorOf(reader), {
          careManagerId: params['careManagerId'],
          status: params['status'] as never,
          order: params['order'] as 'asc' | 'desc' | undefined,
        });
        const page = Number(params['page'] ?? 1);
        const size = Number(params['pageSize']);
        expect({ step, query, items: served.items, total: served.total, capacity: served.capacity }).toEqual({
          step,
          query,
          items: fresh.items.slice((page - 1) * size, page * size),
          total: fresh.total,
          capacity: fresh.capacity,
        });
      }
    };

    await expectFresh('start');
    await http.post(`/api/patients/${must(p0).patientId}/assessments`, x.auth, phq9(2)).expect(201);
    await expectFresh('a score with a safety answer');
    await t.db.query(`UPDATE patient SET family_name = 'Aardvark' WHERE id = $1`, [must(p1).patientId]);
    await expectFresh('a rename that moves the row in the name order');
    await insertContact(t.db, a.clinicId, must(p2), x.id);
    await expectFresh('a contact');
    await insertManualFlag(t.db, a.clinicId, must(p3), 'DISCUSS_WITH_CONSULTANT', x.id);
    await expectFresh('a manual flag');
    await t.db.query(`UPDATE episode SET status = 'relapse_prevention' WHERE id = $1`, [must(p3).episodeId]);
    await expectFresh('a status change');
    await t.db.query(`UPDATE episode SET care_manager_id = $2 WHERE id = $1`, [
      must(p1).episodeId,
      a.otherCareManager.id,
    ]);
    await expectFresh('a transfer out');
    await dischargeEpisode(t.db, must(p2).episodeId);
    await expectFresh('a discharge');
    const late = await createPatient(t.db, a);
    await t.db.query(`UPDATE patient SET family_name = 'Abbott' WHERE id = $1`, [late.patientId]);
    await expectFresh('a new episode');
    await t.db.query(`UPDATE episode SET care_manager_id = $2 WHERE id = $1`, [must(p1).episodeId, x.id]);
    await expectFresh('a transfer back');
  });

  it('names the patient in the notifications of a write, and only the staff members beyond a statement of many', async () => {
    const listener = new Client({ connectionString: process.env['DATABASE_URL'] });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query('LISTEN huddle_registry');
    const inThisClinic = async (write: () => Promise<unknown>): Promise<string[]> => {
      await listener.query('SELECT 1'); // the earlier writes' notifications arrive before this answers
      heard.length = 0;
      await write();
      await listener.query('SELECT 1');
      // Distinct payloads: a write may commit more than one transaction (each sends its own).
      return [...new Set(heard.filter((payload) => payload.startsWith(a.clinicId)))].sort();
    };
    try {
      const p = await createPatient(t.db, a);
      const score = await inThisClinic(() =>
        http.post(`/api/patients/${p.patientId}/assessments`, a.careManager.auth, phq9(0)).expect(201),
      );
      const named = [
        `${a.clinicId} .`,
        `${a.clinicId} ${a.careManager.id} ${p.patientId}`,
        `${a.clinicId} ${a.consultant.id} ${p.patientId}`,
      ].sort();
      expect(score).toEqual(named);
      // An insert, an update and a delete each name the same rows (each its own static statement).
      let contactId = '';
      const contact = await inThisClinic(async () => {
        contactId = await insertContact(t.db, a.clinicId, p, a.careManager.id);
      });
      expect(contact).toEqual(named);
      expect(
        await inThisClinic(() => t.db.query(`UPDATE contact SET minutes = 30 WHERE id = $1`, [contactId])),
      ).toEqual(named);
      expect(await inThisClinic(() => t.db.query(`DELETE FROM contact WHERE id = $1`, [contactId]))).toEqual(named);

      const many = await Promise.all(
        Array.from({ length: PATIENTS_NAMED_PER_STATEMENT + 1 }, () => createPatient(t.db, a)),
      );
      const renameAll = await inThisClinic(() =>
        t.db.query(`UPDATE patient SET family_name = 'Renamed' WHERE id = ANY($1::uuid[])`, [
          many.map((m) => m.patientId),
        ]),
      );
      expect(renameAll).toEqual(
        [`${a.clinicId} .`, `${a.clinicId} ${a.careManager.id}`, `${a.clinicId} ${a.consultant.id}`].sort(),
      );
    } finally {
      await listener.end();
    }
  });

  it('runs the notification statement of every table reached through episodes, for each operation', async () => {
    // Statement triggers fire for statements that change no row: each branch of huddle_notify_registry_via
    // is resolved and run once here (a column it names wrongly would fail the table's writes).
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      for (const [table] of VIA_TABLES) {
        await runner.query(`INSERT INTO ${table} SELECT * FROM ${table} WHERE false`);
        await runner.query(`UPDATE ${table} SET id = id WHERE false`);
        await runner.query(`DELETE FROM ${table} WHERE false`);
      }
      const [{ functions }] = await runner.query(
        `SELECT array_agg(DISTINCT p.proname::text ORDER BY p.proname::text) AS functions
         FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
         WHERE tg.tgrelid = ANY($1::regclass[]) AND tg.tgname LIKE 'tr\\_%\\_notify\\_%'`,
        [VIA_TABLES.map(([table]) => table)],
      );
      expect(functions).toEqual(['huddle_notify_registry_via']);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
