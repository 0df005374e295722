import type { CaseloadPage, ReviewAgenda } from '@huddle/shared-types';
import type { Client } from 'pg';
import { Clock } from '../src/app/auth/clock';
import { RegistryChanges } from '../src/app/database/registry-changes.service';
import { patientsListed } from './builders';
import { createClinic, createPatient, type ClinicFixture, type StaffFixture } from './fixtures';
import { api, auditRows, freezeClock, must, renameSilently } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

/** Friday 2026-11-20, 12:00 in New York; the fixtures' episodes are enrolled on 2026-09-01. */
const NOW = '2026-11-20T17:00:00Z';

const sessionIdOf = (auth: string): string =>
  (JSON.parse(Buffer.from(must(auth.split('.')[1]), 'base64url').toString()) as { sid: string }).sid;

describe('read caches (READ_CACHE_ENABLED=true)', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let changes: RegistryChanges;
  let http: ReturnType<typeof api>;

  const caseload = async (staff: StaffFixture): Promise<CaseloadPage> =>
    (await http.get('/api/caseload?sort=name&pageSize=100', staff.auth).expect(200)).body;
  const familyName = (page: CaseloadPage, patientId: string): string | undefined =>
    page.items.find((row) => row.patientId === patientId)?.familyName;
  /** A write from outside this process (another API instance, a tool): notified by the triggers. */
  const renameElsewhere = async (patientId: string, name: string): Promise<void> => {
    await t.db.query('UPDATE patient SET family_name = $2 WHERE id = $1', [patientId, name]);
  };

  beforeAll(async () => {
    // Long access tokens, so the idle timeout is what ends a session here.
    t = await createTestApp({ READ_CACHE_ENABLED: 'true', ACCESS_TOKEN_TTL_SECONDS: '3600' });
    freezeClock(t, NOW);
    http = api(t);
    a = await createClinic(t);
    b = await createClinic(t);
    changes = t.app.get(RegistryChanges);
    await eventually(() => changes.following);
  });
  afterAll(() => t.close());

  it('serves a repeated caseload read from memory, auditing every read with its patients', async () => {
    const p = await createPatient(t.db, a);
    await renameElsewhere(p.patientId, 'Original');
    await eventually(async () => familyName(await caseload(a.careManager), p.patientId) === 'Original');
    const before = (await auditRows(t, a.clinicId, 'caseload.read')).length;

    await renameSilently(t.db, p.patientId, 'Unseen');
    const page = await caseload(a.careManager);
    expect(familyName(page, p.patientId)).toBe('Original'); // from the cache
    const audits = await auditRows(t, a.clinicId, 'caseload.read');
    expect(audits).toHaveLength(before + 1);
    expect(await patientsListed(t.db, must(audits.at(-1)).details)).toEqual(page.items.map((row) => row.patientId));
  });

  it('refreshes once a write made elsewhere commits (LISTEN/NOTIFY), for that clinic only', async () => {
    const pa = await createPatient(t.db, a);
    const pb = await createPatient(t.db, b);
    await caseload(a.careManager);
    await renameSilently(t.db, pb.patientId, 'B-cached');
    await eventually(async () => familyName(await caseload(b.careManager), pb.patientId) === 'B-cached');
    await renameSilently(t.db, pb.patientId, 'B-unseen');

    await renameElsewhere(pa.patientId, 'Renamed');
    await eventually(async () => familyName(await caseload(a.careManager), pa.patientId) === 'Renamed');
    // Clinic B's data did not change: its caseload is still served from memory.
    expect(familyName(await caseload(b.careManager), pb.patientId)).toBe('B-cached');
  });

  const phq9 = {
    instrument: 'PHQ9',
    administeredOn: '2026-11-18',
    source: 'clinic',
    answers: { phq9_1: 2, phq9_2: 2, phq9_3: 2, phq9_4: 2, phq9_5: 1, phq9_6: 1, phq9_7: 1, phq9_8: 1, phq9_9: 0 },
  };
  /** Until every notification of the writes committed so far has been applied (no late invalidation after). */
  const settled = (): Promise<void> => changes.settle(a.clinicId);
  const caseloadOf = async (reader: StaffFixture, careManagerId: string): Promise<CaseloadPage> =>
    (await http.get(`/api/caseload?sort=name&pageSize=100&careManagerId=${careManagerId}`, reader.auth).expect(200))
      .body;

  it("shows this API's own writes on the very next read, refreshing only the caseload they touched", async () => {
    const p = await createPatient(t.db, a); // care manager X
    const q = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id }); // care manager Y
    const rowOf = (page: CaseloadPage) => page.items.find((row) => row.patientId === p.patientId);
    await settled();
    expect(rowOf(await caseload(a.careManager))?.phq9.latest).toBeNull();
    expect(familyName(await caseload(a.otherCareManager), q.patientId)).toBe('Patient');

    await renameSilently(t.db, p.patientId, 'X-silent');
    await renameSilently(t.db, q.patientId, 'Y-silent');
    await http.post(`/api/patients/${p.patientId}/assessments`, a.careManager.auth, phq9).expect(201);
    // No waiting: the write answered once its notifications were applied.
    const row = rowOf(await caseload(a.careManager));
    expect(row?.phq9.latest).toMatchObject({ total: 12 });
    expect(row?.familyName).toBe('X-silent'); // X's page was recomputed
    // Caseload Y was not touched by the write: its page is still the cached one.
    expect(familyName(await caseload(a.otherCareManager), q.patientId)).toBe('Patient');
  });

  it('refreshes only the caseload a write made elsewhere touched (scoped notifications)', async () => {
    const p = await createPatient(t.db, a);
    const q = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id });
    await settled();
    expect(familyName(await caseload(a.careManager), p.patientId)).toBe('Patient');
    expect(familyName(await caseload(a.otherCareManager), q.patientId)).toBe('Patient');
    await renameSilently(t.db, q.patientId, 'Y-silent');

    await renameElsewhere(p.patientId, 'X-renamed');
    await eventually(async () => familyName(await caseload(a.careManager), p.patientId) === 'X-renamed');
    expect(familyName(await caseload(a.otherCareManager), q.patientId)).toBe('Patient');
    // A write in Y refreshes Y.
    await renameElsewhere(q.patientId, 'Y-renamed');
    await eventually(async () => familyName(await caseload(a.otherCareManager), q.patientId) === 'Y-renamed');
  });

  it('refreshes both caseloads of a transfer at once', async () => {
    const p = await createPatient(t.db, a);
    const x = a.careManager;
    const y = a.otherCareManager;
    const lists = (page: CaseloadPage): boolean => page.items.some((row) => row.patientId === p.patientId);
    await settled();
    expect(lists(await caseload(x))).toBe(true);
    expect(lists(await caseload(y))).toBe(false);

    await http
      .post('/api/caseloads/transfer', x.auth, {
        fromCareManagerId: x.id,
        toCareManagerId: y.id,
        episodeIds: [p.episodeId],
      })
      .expect(200);
    expect(lists(await caseload(x))).toBe(false);
    expect(lists(await caseload(y))).toBe(true);
  });

  it('refreshes the covered caseload when coverage changes', async () => {
    const q = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id });
    const covering = a.careManager;
    await http
      .get(`/api/caseload?sort=name&pageSize=100&careManagerId=${a.otherCareManager.id}`, covering.auth)
      .expect(403);
    const [coverage] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO caseload_coverage (clinic_id, covering_staff_id, covered_staff_id, starts_on, ends_on)
       VALUES ($1, $2, $3, '2026-11-01', NULL) RETURNING id`,
      [a.clinicId, covering.id, a.otherCareManager.id],
    );
    await settled();
    const page = await caseloadOf(covering, a.otherCareManager.id); // cached now
    expect(page.items.some((row) => row.patientId === q.patientId)).toBe(true);
    await t.db.query('DELETE FROM caseload_coverage WHERE id = $1', [must(coverage).id]);
    await eventually(
      async () =>
        (await http.get(`/api/caseload?sort=name&pageSize=100&careManagerId=${a.otherCareManager.id}`, covering.auth))
          .status === 403,
    );
  });

  it('caches the review agenda the same way', async () => {
    const p = await createPatient(t.db, a);
    const agenda = async (): Promise<ReviewAgenda> =>
      (await http.get('/api/review/agenda', a.consultant.auth).expect(200)).body;
    const nameOn = (x: ReviewAgenda): string | undefined =>
      x.lines.find((line) => line.patientId === p.patientId)?.familyName;
    await renameElsewhere(p.patientId, 'Agenda');
    await settled();
    expect(nameOn(await agenda())).toBe('Agenda');
    await renameSilently(t.db, p.patientId, 'Unseen');
    expect(nameOn(await agenda())).toBe('Agenda');
    await renameElsewhere(p.patientId, 'Fresh');
    await eventually(async () => nameOn(await agenda()) === 'Fresh');

    // Recording a review is this process's own write: the next read already has the current reason.
    const lineOf = (x: ReviewAgenda) => x.lines.find((line) => line.patientId === p.patientId);
    expect(lineOf(await agenda())?.reason).toMatch(/^New, never reviewed/);
    await http
      .post(`/api/review/episodes/${p.episodeId}/reviews`, a.consultant.auth, {
        weekOf: '2026-11-16',
        recommendations: [],
      })
      .expect(201);
    expect(lineOf(await agenda())).toMatchObject({ reviewedThisWeek: true, reason: 'Reviewed today (new patient)' });
  });

  it('computes every read afresh while notifications are lost, and caches again once they are back', async () => {
    const p = await createPatient(t.db, a);
    await caseload(a.careManager);
    const listener = (changes as unknown as { client: Client & { processID: number } }).client;
    await t.db.query('SELECT pg_terminate_backend($1)', [listener.processID]);
    await eventually(() => !changes.following);

    await renameSilently(t.db, p.patientId, 'Fresh-1');
    expect(familyName(await caseload(a.careManager), p.patientId)).toBe('Fresh-1');

    await eventually(() => changes.following); // reconnects on its own
    await renameSilently(t.db, p.patientId, 'Fresh-2'); // missed while away: the reconnect forgot everything
    expect(familyName(await caseload(a.careManager), p.patientId)).toBe('Fresh-2');
    await renameSilently(t.db, p.patientId, 'Unseen');
    expect(familyName(await caseload(a.careManager), p.patientId)).toBe('Fresh-2');
  });

  it('sends a large read gzipped when the client accepts it, plain JSON otherwise', async () => {
    await createPatient(t.db, a);
    const zipped = await http.get('/api/review/agenda', a.consultant.auth).set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/^application\/json/);
    expect(zipped.headers['vary']).toMatch(/Accept-Encoding/);
    const plain = await http
      .get('/api/review/agenda', a.consultant.auth)
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(zipped.body); // supertest decompresses
    expect((plain.body as ReviewAgenda).lines.length).toBeGreaterThan(0);
  });

  describe('sessions', () => {
    const me = (auth: string) => http.get('/api/auth/me', auth);

    it('refuses a session ended by another instance as soon as the notification arrives', async () => {
      const auth = a.pcp.auth;
      await me(auth).expect(200);
      await me(auth).expect(200);
      await t.db.query(`UPDATE user_session SET revoked_at = now(), revoked_reason = 'test' WHERE id = $1`, [
        sessionIdOf(auth),
      ]);
      await eventually(async () => (await me(auth)).status === 401);
    });

    it('still enforces the idle timeout between database checks', async () => {
      const auth = a.leadership.auth;
      await me(auth).expect(200);
      const later = new Date(new Date(NOW).getTime() + 16 * 60_000);
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => later);
      const res = await me(auth).expect(401);
      expect(res.body.message).toMatch(/inactivity/);
      const [row] = await t.db.query('SELECT revoked_reason FROM user_session WHERE id = $1', [sessionIdOf(auth)]);
      expect(row).toEqual({ revoked_reason: 'idle_timeout' });
    });
  });
});
