import { createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, must, openRegistry, TODAY } from './registry-helpers';
import type { TestApp } from './test-app';

const contact = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'follow_up',
  modality: 'phone',
  startedAt: '2026-03-12T10:30:00-04:00',
  minutes: 25,
  activity: 'Symptom check, behavioural activation',
  note: 'Sleeping better; walks daily.',
  ...extra,
});

describe('contacts', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  describe('POST /api/patients/:id/contacts', () => {
    it('logs a contact by the caller on the open episode, audited without the note', async () => {
      const p = await createPatient(t.db, a);
      const res = await http.post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, contact()).expect(201);
      expect(res.body).toMatchObject({
        patientId: p.patientId,
        episodeId: p.episodeId,
        staff: { id: a.careManager.id, displayName: a.careManager.displayName },
        type: 'follow_up',
        completed: true,
        startedAt: '2026-03-12T14:30:00.000Z',
        minutes: 25,
        note: 'Sleeping better; walks daily.',
        version: 1,
      });
      const audit = (await auditRows(t, a.clinicId, 'contact.create')).filter((r) => r.patient_id === p.patientId);
      expect(audit).toEqual([
        expect.objectContaining({ resource_id: res.body.id, details: { type: 'follow_up', minutes: 25 } }),
      ]);
      expect(JSON.stringify(audit)).not.toContain('Sleeping');
    });

    it('records an outreach attempt as not completed', async () => {
      const p = await createPatient(t.db, a);
      const res = await http
        .post(
          `/api/patients/${p.patientId}/contacts`,
          a.careManager.auth,
          contact({ type: 'outreach_attempt', completed: false, minutes: 3, note: null }),
        )
        .expect(201);
      expect(res.body).toMatchObject({ type: 'outreach_attempt', completed: false, note: null });
    });

    it.each([
      [{ type: 'outreach_attempt', completed: true }, 'completed'],
      [{ startedAt: '2026-03-12T10:30:00' }, 'startedAt'],
      [{ startedAt: '2026-03-16T16:00:00Z' }, 'startedAt'],
      [{ startedAt: '2026-02-30T10:00:00Z' }, 'startedAt'],
      [{ minutes: 601 }, 'minutes'],
      [{ minutes: -5 }, 'minutes'],
      [{ minutes: 12.5 }, 'minutes'],
      [{ type: 'visit' }, 'type'],
      [{ modality: 'fax' }, 'modality'],
      [{ completed: 'yes' }, 'completed'],
      [{ note: 'x'.repeat(4001) }, 'note'],
      [{ staffId: '00000000-0000-4000-8000-000000000000' }, 'staffId'],
    ])('rejects %j with 400 naming %s, writing nothing', async (extra, field) => {
      const p = await createPatient(t.db, a);
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http
        .post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, contact(extra))
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('answers 404 outside the scope and 403 without contact:write', async () => {
      const p = await createPatient(t.db, a);
      await http.post(`/api/patients/${p.patientId}/contacts`, b.careManager.auth, contact()).expect(404);
      await http.post(`/api/patients/${p.patientId}/contacts`, a.otherCareManager.auth, contact()).expect(404);
      for (const staff of [a.consultant, a.pcp, a.leadership, a.admin]) {
        await http.post(`/api/patients/${p.patientId}/contacts`, staff.auth, contact()).expect(403);
      }
    });
  });

  describe('GET /api/patients/:id/contacts', () => {
    it('lists contacts most recent first to the care team, audited', async () => {
      const p = await createPatient(t.db, a);
      for (const startedAt of ['2026-03-02T15:00:00Z', '2026-03-09T15:00:00Z', '2026-03-05T15:00:00Z']) {
        await http
          .post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, contact({ startedAt }))
          .expect(201);
      }
      const res = await http.get(`/api/patients/${p.patientId}/contacts`, a.consultant.auth).expect(200);
      expect(res.body.map((c: { startedAt: string }) => c.startedAt.slice(0, 10))).toEqual([
        '2026-03-09',
        '2026-03-05',
        '2026-03-02',
      ]);
      const audit = (await auditRows(t, a.clinicId, 'contact.list')).filter((r) => r.patient_id === p.patientId);
      expect(audit).toEqual([expect.objectContaining({ actor_id: a.consultant.id, details: { count: 3 } })]);
      await http.get(`/api/patients/${p.patientId}/contacts`, b.consultant.auth).expect(404);
      await http.get(`/api/patients/${p.patientId}/contacts`, a.leadership.auth).expect(403);
    });
  });

  describe('PATCH /api/contacts/:id', () => {
    async function logged(): Promise<{ patientId: string; contactId: string }> {
      const p = await createPatient(t.db, a);
      const res = await http.post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, contact()).expect(201);
      return { patientId: p.patientId, contactId: res.body.id };
    }

    it("edits the caller's own contact against the version, audited with field names", async () => {
      const { contactId } = await logged();
      const res = await http
        .patch(`/api/contacts/${contactId}`, a.careManager.auth, {
          version: 1,
          minutes: 40,
          modality: 'video',
          note: null,
        })
        .expect(200);
      expect(res.body).toMatchObject({ minutes: 40, modality: 'video', note: null, version: 2 });
      const stale = await http
        .patch(`/api/contacts/${contactId}`, a.careManager.auth, { version: 1, minutes: 10 })
        .expect(409);
      expect(stale.body.message).toBe('Contact was changed by someone else (version 2, you sent 1); reload and retry');
      const [audit] = (await auditRows(t, a.clinicId, 'contact.update')).filter((r) => r.resource_id === contactId);
      expect(audit?.details).toEqual({ fields: ['modality', 'minutes', 'note'] });
    });

    it('rejects invalid edits with 400 naming the field, writing nothing', async () => {
      const { contactId } = await logged();
      const before = await clinicFootprint(t, a.clinicId);
      for (const [body, field] of [
        [{ minutes: 1000 }, 'minutes'],
        [{ startedAt: '2027-01-01T00:00:00Z' }, 'startedAt'],
        [{ type: 'outreach_attempt' }, 'completed'],
        [{ type: null }, 'type'],
        [{}, 'body'],
      ] as const) {
        const res = await http
          .patch(`/api/contacts/${contactId}`, a.careManager.auth, { version: 1, ...body })
          .expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it("refuses someone else's entry (403), other clinics (404) and roles without contact:write (403)", async () => {
      const { contactId } = await logged();
      await t.db.query(
        `INSERT INTO caseload_coverage (clinic_id, covering_staff_id, covered_staff_id, starts_on) VALUES ($1, $2, $3, $4::date - 1)`,
        [a.clinicId, a.otherCareManager.id, a.careManager.id, TODAY],
      );
      const res = await http
        .patch(`/api/contacts/${contactId}`, a.otherCareManager.auth, { version: 1, minutes: 5 })
        .expect(403);
      expect(res.body.message).toContain('Only the staff member who logged');
      await http.patch(`/api/contacts/${contactId}`, b.careManager.auth, { version: 1, minutes: 5 }).expect(404);
      await http.patch(`/api/contacts/${contactId}`, a.consultant.auth, { version: 1, minutes: 5 }).expect(403);
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const { contactId } = await logged();
      const results = await Promise.all([
        http.patch(`/api/contacts/${contactId}`, a.careManager.auth, { version: 1, minutes: 30 }),
        http.patch(`/api/contacts/${contactId}`, a.careManager.auth, { version: 1, minutes: 35 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(must(results.find((r) => r.status === 409)).body.code).toBe('VERSION_CONFLICT');
    });
  });
});
