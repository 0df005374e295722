import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, must, openRegistry, TODAY } from './registry-helpers';
import type { TestApp } from './test-app';

const phq9 = (values: Array<number | null>): Record<string, number | null> =>
  Object.fromEntries(values.map((value, i) => [`phq9_${i + 1}`, value]));

describe('assessments', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  const post = (patientId: string, auth: string, body: Record<string, unknown>) =>
    http.post(`/api/patients/${patientId}/assessments`, auth, {
      instrument: 'PHQ9',
      administeredOn: '2026-03-10',
      source: 'clinic',
      ...body,
    });

  describe('POST /api/patients/:id/assessments', () => {
    it('scores a complete PHQ-9 on write and attaches it to the open episode, audited', async () => {
      const p = await createPatient(t.db, a);
      const res = await post(p.patientId, a.careManager.auth, {
        answers: { ...phq9([2, 2, 2, 2, 1, 1, 1, 1, 0]), phq9_difficulty: 2 },
      }).expect(201);
      expect(res.body).toMatchObject({
        patientId: p.patientId,
        episodeId: p.episodeId,
        instrument: 'PHQ9',
        administeredOn: '2026-03-10',
        total: 12,
        severity: { code: 'moderate', label: 'Moderate' },
        positiveScreen: true,
        complete: true,
        missingItems: [],
        safetyRisk: false,
        enteredBy: a.careManager.id,
      });
      expect(Object.keys(res.body.answers)).toHaveLength(10);
      expect(res.body.answers.phq9_difficulty).toBe(2);

      const audit = (await auditRows(t, a.clinicId, 'assessment.create')).filter((r) => r.patient_id === p.patientId);
      expect(audit).toEqual([expect.objectContaining({ resource_id: res.body.id, details: { instrument: 'PHQ9' } })]);
    });

    it('stores an incomplete form without a total, still raising the item-9 safety risk', async () => {
      const p = await createPatient(t.db, a);
      const res = await post(p.patientId, a.consultant.auth, { answers: phq9([1, 1, null, 1, 1, 1, 1, 1, 2]) }).expect(
        201,
      );
      expect(res.body).toMatchObject({
        total: null,
        severity: null,
        complete: false,
        missingItems: ['phq9_3'],
        safetyRisk: true,
      });
      const list = await http.get(`/api/patients/${p.patientId}/assessments`, a.pcp.auth).expect(200);
      expect(list.body[0]).toMatchObject({
        id: res.body.id,
        complete: false,
        missingItems: ['phq9_3'],
        safetyRisk: true,
      });
    });

    it('scores other instruments (GAD-7 with bands, AUDIT-C without)', async () => {
      const p = await createPatient(t.db, a);
      const gad = await post(p.patientId, a.pcp.auth, {
        instrument: 'GAD7',
        source: 'portal',
        answers: { gad7_1: 3, gad7_2: 3, gad7_3: 3, gad7_4: 3, gad7_5: 3, gad7_6: 3, gad7_7: 0 },
      }).expect(201);
      expect(gad.body).toMatchObject({ total: 18, severity: { code: 'severe' }, positiveScreen: true });
      const audit = await post(p.patientId, a.careManager.auth, {
        instrument: 'AUDITC',
        answers: { auditc_1: 1, auditc_2: 0, auditc_3: 0 },
      }).expect(201);
      expect(audit.body).toMatchObject({ total: 1, severity: null, positiveScreen: false });
    });

    it.each([
      [{ answers: phq9([4, 0, 0, 0, 0, 0, 0, 0, 0]) }, 'answers.phq9_1'],
      [{ answers: { ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), phq9_10: 1 } }, 'answers.phq9_10'],
      [{ answers: { phq9_2: '2' } }, 'answers.phq9_2'],
      [{ answers: { phq9_2: 1.5 } }, 'answers.phq9_2'],
      [{ answers: [1, 2, 3] }, 'answers'],
      [{ answers: { gad7_1: 1 } }, 'answers.gad7_1'],
      [{ instrument: 'BDI', answers: {} }, 'instrument'],
      [{ source: 'fax', answers: {} }, 'source'],
      [{ administeredOn: '2026-03-17', answers: {} }, 'administeredOn'],
      [{ administeredOn: '1979-01-01', answers: {} }, 'administeredOn'],
      [{ administeredOn: '2026-02-31', answers: {} }, 'administeredOn'],
      [{ answers: {}, total: 3 }, 'total'],
    ])('rejects %j with 400 naming %s, writing nothing', async (body, field) => {
      const p = await createPatient(t.db, a);
      const before = await clinicFootprint(t, a.clinicId);
      const res = await post(p.patientId, a.careManager.auth, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it("judges 'not in the future' in the clinic's time zone", async () => {
      // At 15:00 UTC on 16 March it is already 17 March in Auckland (UTC+13).
      const c = await createClinic(t);
      await t.db.query(`UPDATE clinic SET timezone = 'Pacific/Auckland' WHERE id = $1`, [c.clinicId]);
      const p = await createPatient(t.db, c);
      await post(p.patientId, c.careManager.auth, {
        administeredOn: '2026-03-17',
        answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]),
      }).expect(201);
      const q = await createPatient(t.db, a);
      const res = await post(q.patientId, a.careManager.auth, { administeredOn: '2026-03-17', answers: {} }).expect(
        400,
      );
      expect(res.body).toMatchObject({ field: 'administeredOn' });
      expect(res.body.message).toContain(TODAY);
    });

    it('stores a form for a patient without an open episode unattached', async () => {
      const p = await createPatient(t.db, a);
      await t.db.query(
        `UPDATE episode SET status = 'discharged', discharged_on = '2026-03-01', discharge_reason = 'other' WHERE id = $1`,
        [p.episodeId],
      );
      const res = await post(p.patientId, a.careManager.auth, { answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]) }).expect(
        201,
      );
      expect(res.body.episodeId).toBeNull();
    });

    it('answers 404 outside the scope and 403 without assessment:write', async () => {
      const p = await createPatient(t.db, a);
      const body = { answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]) };
      await post(p.patientId, b.careManager.auth, body).expect(404);
      await post(p.patientId, a.otherCareManager.auth, body).expect(404);
      await post(p.patientId, a.leadership.auth, body).expect(403);
      await post(p.patientId, a.admin.auth, body).expect(403);
    });
  });

  describe('GET /api/patients/:id/assessments', () => {
    it('lists item-level answers newest first, filtered by instrument, audited', async () => {
      const p = await createPatient(t.db, a);
      await post(p.patientId, a.careManager.auth, {
        administeredOn: '2026-02-01',
        answers: phq9([3, 3, 3, 3, 3, 3, 0, 0, 0]),
      }).expect(201);
      await post(p.patientId, a.careManager.auth, {
        administeredOn: '2026-03-01',
        answers: phq9([1, 1, 1, 1, 0, 0, 0, 0, 0]),
      }).expect(201);
      await post(p.patientId, a.careManager.auth, {
        instrument: 'GAD2',
        administeredOn: '2026-03-05',
        answers: { gad2_1: 2, gad2_2: 2 },
      }).expect(201);

      const all = await http.get(`/api/patients/${p.patientId}/assessments`, a.consultant.auth).expect(200);
      expect(all.body.map((x: { instrument: string; total: number }) => [x.instrument, x.total])).toEqual([
        ['GAD2', 4],
        ['PHQ9', 4],
        ['PHQ9', 18],
      ]);
      const only = await http.get(`/api/patients/${p.patientId}/assessments?instrument=PHQ9`, a.pcp.auth).expect(200);
      expect(only.body).toHaveLength(2);
      expect(only.body[1]).toMatchObject({ severity: { code: 'moderately_severe', label: 'Moderately severe' } });
      expect(only.body[1].answers).toMatchObject({ phq9_1: 3, phq9_9: 0, phq9_difficulty: null });

      const audit = (await auditRows(t, a.clinicId, 'assessment.list')).filter((r) => r.patient_id === p.patientId);
      expect(audit.map((r) => [r.actor_id, r.details])).toEqual([
        [a.consultant.id, { instrument: null, count: 3 }],
        [a.pcp.id, { instrument: 'PHQ9', count: 2 }],
      ]);
    });

    it('answers 400 for an unknown instrument, 404 outside the scope, 403 for leadership', async () => {
      const p = await createPatient(t.db, a);
      const res = await http
        .get(`/api/patients/${p.patientId}/assessments?instrument=XYZ`, a.careManager.auth)
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('instrument');
      await http.get(`/api/patients/${p.patientId}/assessments`, b.consultant.auth).expect(404);
      await http.get(`/api/patients/${p.patientId}/assessments`, a.leadership.auth).expect(403);
      must(p.patientId);
    });
  });
});
