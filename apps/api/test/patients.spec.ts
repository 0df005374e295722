import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { patientsListed } from './builders';
import { api, auditRows, clinicFootprint, must, openRegistry, TODAY } from './registry-helpers';
import type { TestApp } from './test-app';

const newPatient = (mrn: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  mrn,
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1985-12-10',
  preferredLanguage: 'en',
  payer: 'Medicaid',
  ...extra,
});

describe('patients', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  describe('POST /api/patients', () => {
    it('registers a patient with a referred episode on the caller’s caseload, who then sees them', async () => {
      const res = await http
        .post('/api/patients', a.careManager.auth, newPatient('A-100', { pcpId: a.pcp.id }))
        .expect(201);
      expect(res.body).toMatchObject({
        mrn: 'A-100',
        givenName: 'Ada',
        birthDate: '1985-12-10',
        pcp: { id: a.pcp.id, displayName: a.pcp.displayName },
        version: 1,
      });
      expect(res.body.episodes).toEqual([
        expect.objectContaining({
          status: 'referred',
          referredOn: TODAY,
          careManagerId: a.careManager.id,
          consentOn: null,
        }),
      ]);
      const episode = await http.get(`/api/episodes/${res.body.episodes[0].id}`, a.careManager.auth).expect(200);
      expect(episode.body.careTeam.billingPcp).toEqual({ id: a.pcp.id, displayName: a.pcp.displayName });

      await http.get(`/api/patients/${res.body.id}`, a.careManager.auth).expect(200);
      const list = await http.get('/api/patients?search=A-100', a.careManager.auth).expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.id]);

      const audit = await auditRows(t, a.clinicId);
      expect(audit.filter((r) => r.patient_id === res.body.id).map((r) => r.action)).toEqual(
        expect.arrayContaining(['patient.create', 'episode.create', 'patient.read']),
      );
      expect(JSON.stringify(audit)).not.toMatch(/Lovelace|A-100|1985-12-10/);
    });

    it('answers 409 naming mrn for an MRN used in the clinic, writing nothing; other clinics may reuse it', async () => {
      await http.post('/api/patients', a.careManager.auth, newPatient('DUP-1')).expect(201);
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http.post('/api/patients', a.otherCareManager.auth, newPatient('DUP-1')).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'DUPLICATE', field: 'mrn' });
      expect(res.body.message).toContain('mrn');
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
      await http.post('/api/patients', b.careManager.auth, newPatient('DUP-1')).expect(201);
    });

    it.each([
      [{ birthDate: TODAY }, 'birthDate'],
      [{ birthDate: '2030-01-01' }, 'birthDate'],
      [{ birthDate: '1985-02-30' }, 'birthDate'],
      [{ birthDate: '10/12/1985' }, 'birthDate'],
      [{ mrn: '' }, 'mrn'],
      [{ mrn: 'has space' }, 'mrn'],
      [{ givenName: '   ' }, 'givenName'],
      [{ preferredLanguage: 'English' }, 'preferredLanguage'],
      [{ pcpId: 'nope' }, 'pcpId'],
      [{ referredOn: '2026-03-17' }, 'referredOn'],
      [{ ssn: '123-45-6789' }, 'ssn'],
    ])('rejects %j with 400 naming %s, writing nothing', async (patch, field) => {
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http.post('/api/patients', a.careManager.auth, newPatient('VAL-1', patch)).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('rejects care-team members who are not staff of the clinic with that role (400 naming the field)', async () => {
      const before = await clinicFootprint(t, a.clinicId);
      const otherPcp = await http
        .post('/api/patients', a.careManager.auth, newPatient('CT-1', { pcpId: b.pcp.id }))
        .expect(400);
      expect(otherPcp.body).toMatchObject({ field: 'pcpId', code: 'VALIDATION_FAILED' });
      const notCm = await http
        .post('/api/patients', a.careManager.auth, newPatient('CT-1', { careManagerId: a.pcp.id }))
        .expect(400);
      expect(notCm.body.field).toBe('careManagerId');
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('is refused (403) for roles without patient:write', async () => {
      for (const staff of [a.consultant, a.pcp, a.leadership, a.admin]) {
        await http.post('/api/patients', staff.auth, newPatient('R-1')).expect(403);
      }
    });
  });

  describe('GET /api/patients', () => {
    let c: ClinicFixture;
    beforeAll(async () => {
      c = await createClinic(t);
      const names: Array<[string, string, string]> = [
        ['Maria', 'Garcia', 'G-001'],
        ['Mario', 'Gomez', 'G-002'],
        ['Ana', 'Zhang', 'Z_100'],
        ['Ben', 'Adams', 'A-003'],
      ];
      for (const [givenName, familyName, mrn] of names) {
        await http.post('/api/patients', c.careManager.auth, newPatient(mrn, { givenName, familyName })).expect(201);
      }
      await createPatient(t.db, c, { careManagerId: c.otherCareManager.id, mrn: 'OTHER-1' });
    });

    it('lists the caller’s scope, sorted by name, paginated, without other caseloads or clinics', async () => {
      const page1 = await http.get('/api/patients?pageSize=3', c.careManager.auth).expect(200);
      expect(page1.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
      expect(page1.body.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Adams', 'Garcia', 'Gomez']);
      expect(page1.body.items[0].openEpisode).toMatchObject({ status: 'referred', careManagerId: c.careManager.id });
      const page2 = await http.get('/api/patients?pageSize=3&page=2', c.careManager.auth).expect(200);
      expect(page2.body.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Zhang']);
      const beyond = await http.get('/api/patients?page=9', c.careManager.auth).expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 4 });

      const other = await http.get('/api/patients', c.otherCareManager.auth).expect(200);
      expect(other.body.items.map((p: { mrn: string }) => p.mrn)).toEqual(['OTHER-1']);
      const consultant = await http.get('/api/patients', c.consultant.auth).expect(200);
      expect(consultant.body.total).toBe(1);
      const elsewhere = await http.get('/api/patients?search=Garcia', b.careManager.auth).expect(200);
      expect(elsewhere.body.total).toBe(0);
    });

    it('searches every word against name and MRN, case-insensitively, with % and _ taken literally', async () => {
      const search = async (q: string): Promise<string[]> =>
        (
          await http.get(`/api/patients?search=${encodeURIComponent(q)}`, c.careManager.auth).expect(200)
        ).body.items.map((p: { mrn: string }) => p.mrn);
      expect(await search('mari')).toEqual(['G-001', 'G-002']);
      expect(await search('MARIA garc')).toEqual(['G-001']);
      expect(await search('g-00')).toEqual(['G-001', 'G-002']);
      expect(await search('_1')).toEqual(['Z_100']);
      expect(await search('%')).toEqual([]);
      expect(await search('OTHER')).toEqual([]);
    });

    it('audits the list with the ids shown, never the search words', async () => {
      await http.get('/api/patients?search=Garcia', c.careManager.auth).expect(200);
      const rows = await auditRows(t, c.clinicId, 'patient.list');
      const last = must(rows[rows.length - 1]);
      expect(last.details).toMatchObject({ searched: true, total: 1 });
      expect(await patientsListed(t.db, last.details)).toEqual([expect.any(String)]);
      expect(JSON.stringify(last)).not.toContain('Garcia');
    });

    it.each([
      ['page=0', 'page'],
      ['pageSize=500', 'pageSize'],
      ['page=abc', 'page'],
      ['sort=name', 'sort'],
    ])('rejects ?%s with 400 naming %s', async (query, field) => {
      const res = await http.get(`/api/patients?${query}`, c.careManager.auth).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('is refused (403) for leadership and admin (aggregates only)', async () => {
      await http.get('/api/patients', c.leadership.auth).expect(403);
      await http.get('/api/patients', c.admin.auth).expect(403);
    });
  });

  describe('GET and PATCH /api/patients/:id', () => {
    it('reads a patient in scope with episodes, audited; 404 outside scope; 400 for a bad id', async () => {
      const p = await createPatient(t.db, a);
      const res = await http.get(`/api/patients/${p.patientId}`, a.consultant.auth).expect(200);
      expect(res.body).toMatchObject({ id: p.patientId, mrn: p.mrn, pcp: { id: a.pcp.id } });
      expect(res.body.episodes).toEqual([expect.objectContaining({ id: p.episodeId, status: 'active' })]);
      expect(res.body).not.toHaveProperty('clinicId');
      const reads = await auditRows(t, a.clinicId, 'patient.read');
      expect(reads.filter((r) => r.patient_id === p.patientId && r.actor_id === a.consultant.id)).toHaveLength(1);

      await http.get(`/api/patients/${p.patientId}`, b.careManager.auth).expect(404);
      await http.get(`/api/patients/${p.patientId}`, a.otherCareManager.auth).expect(404);
      await http.get('/api/patients/00000000-0000-4000-8000-000000000000', a.careManager.auth).expect(404);
      const bad = await http.get('/api/patients/123', a.careManager.auth).expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('id');
      await http.get(`/api/patients/${p.patientId}`, a.leadership.auth).expect(403);
    });

    it('edits demographics against the version, audited with field names only', async () => {
      const p = await createPatient(t.db, a);
      const res = await http
        .patch(`/api/patients/${p.patientId}`, a.careManager.auth, { version: 1, familyName: 'Byron', payer: null })
        .expect(200);
      expect(res.body).toMatchObject({ familyName: 'Byron', payer: null, version: 2 });
      const stale = await http
        .patch(`/api/patients/${p.patientId}`, a.careManager.auth, { version: 1, givenName: 'X' })
        .expect(409);
      expect(stale.body.message).toBe('Patient was changed by someone else (version 2, you sent 1); reload and retry');
      const [audit] = (await auditRows(t, a.clinicId, 'patient.update')).filter((r) => r.patient_id === p.patientId);
      expect(audit?.details).toEqual({ fields: ['familyName', 'payer'] });
    });

    it('rejects invalid edits with 400 naming the field and a taken MRN with 409, changing nothing', async () => {
      const p = await createPatient(t.db, a);
      const other = await createPatient(t.db, a);
      const before = await clinicFootprint(t, a.clinicId);
      for (const [patch, field] of [
        [{ birthDate: '2099-01-01' }, 'birthDate'],
        [{ givenName: null }, 'givenName'],
        [{ pcpId: a.consultant.id }, 'pcpId'],
        [{ clinicId: b.clinicId }, 'clinicId'],
        [{ gender: 'F' }, 'gender'],
        [{}, 'body'],
      ] as const) {
        const res = await http
          .patch(`/api/patients/${p.patientId}`, a.careManager.auth, { version: 1, ...patch })
          .expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      const dup = await http
        .patch(`/api/patients/${p.patientId}`, a.careManager.auth, { version: 1, mrn: other.mrn })
        .expect(409);
      expect(dup.body.field).toBe('mrn');
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('records sex and re-judges stored AUDIT-C screens by it (≥ 3 women, ≥ 4 otherwise)', async () => {
      const created = await http
        .post('/api/patients', a.careManager.auth, newPatient('A-SEX-1', { gender: 'female' }))
        .expect(201);
      expect(created.body.gender).toBe('female');
      const id: string = created.body.id;
      const auditC = (total: number): Record<string, number> => ({
        auditc_1: Math.min(total, 4),
        auditc_2: Math.max(0, total - 4),
        auditc_3: 0,
      });
      const form = { instrument: 'AUDITC', administeredOn: TODAY, source: 'clinic' };
      const three = await http
        .post(`/api/patients/${id}/assessments`, a.careManager.auth, { ...form, answers: auditC(3) })
        .expect(201);
      expect(three.body).toMatchObject({ total: 3, positiveScreen: true });
      const two = await http
        .post(`/api/patients/${id}/assessments`, a.careManager.auth, { ...form, answers: auditC(2) })
        .expect(201);
      expect(two.body).toMatchObject({ total: 2, positiveScreen: false });

      const edited = await http
        .patch(`/api/patients/${id}`, a.careManager.auth, { version: created.body.version, gender: 'male' })
        .expect(200);
      expect(edited.body.gender).toBe('male');
      const screens = async (): Promise<Record<number, boolean>> => {
        const res = await http.get(`/api/patients/${id}/assessments?instrument=AUDITC`, a.careManager.auth).expect(200);
        return Object.fromEntries(
          res.body.map((r: { total: number; positiveScreen: boolean }) => [r.total, r.positiveScreen]),
        );
      };
      expect(await screens()).toEqual({ 3: false, 2: false });
      const [audit] = (await auditRows(t, a.clinicId, 'patient.update')).filter((r) => r.patient_id === id);
      expect(audit?.details).toEqual({ fields: ['gender'], rejudgedScores: 1 });

      await http.patch(`/api/patients/${id}`, a.careManager.auth, { version: 2, gender: 'female' }).expect(200);
      expect(await screens()).toEqual({ 3: true, 2: false });
      const cleared = await http.patch(`/api/patients/${id}`, a.careManager.auth, { version: 3, gender: null });
      expect(cleared.body.gender).toBeNull();
      expect(await screens()).toEqual({ 3: false, 2: false });
    });

    it('keeps other clinics and roles without patient:write out', async () => {
      const p = await createPatient(t.db, a);
      await http.patch(`/api/patients/${p.patientId}`, b.careManager.auth, { version: 1, payer: 'X' }).expect(404);
      await http.patch(`/api/patients/${p.patientId}`, a.consultant.auth, { version: 1, payer: 'X' }).expect(403);
      await http.patch(`/api/patients/${p.patientId}`, a.pcp.auth, { version: 1, payer: 'X' }).expect(403);
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const p = await createPatient(t.db, a);
      const results = await Promise.all([
        http.patch(`/api/patients/${p.patientId}`, a.careManager.auth, { version: 1, payer: 'One' }),
        http.patch(`/api/patients/${p.patientId}`, a.careManager.auth, { version: 1, payer: 'Two' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const rows = await t.db.query('SELECT version FROM patient WHERE id = $1', [p.patientId]);
      expect(rows[0].version).toBe(2);
    });
  });
});
