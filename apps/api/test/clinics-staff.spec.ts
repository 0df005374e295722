import { createClinic, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, must, openRegistry } from './registry-helpers';
import type { TestApp } from './test-app';

describe('clinics and staff', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  describe('GET /api/clinics/current', () => {
    it("returns the caller's clinic with time zone and effective thresholds, for every role", async () => {
      for (const staff of [a.careManager, a.consultant, a.pcp, a.leadership, a.admin]) {
        const res = await http.get('/api/clinics/current', staff.auth).expect(200);
        expect(res.body).toMatchObject({ id: a.clinicId, timezone: 'America/New_York', version: 1 });
        expect(res.body.flagThresholds).toMatchObject({
          noContactDays: 30,
          caseloadCapacity: 75,
          notImprovingWeeks: 10,
        });
        expect(res.body.flagThresholdOverrides).toEqual({});
      }
      const other = await http.get('/api/clinics/current', b.admin.auth).expect(200);
      expect(other.body.id).toBe(b.clinicId);
    });

    it('answers 401 without a token', async () => {
      await api(t).get('/api/clinics/current', '').expect(401);
    });
  });

  describe('PATCH /api/clinics/current', () => {
    it('lets an admin change name, time zone and thresholds (null resets one), audited', async () => {
      const res = await http
        .patch('/api/clinics/current', a.admin.auth, {
          version: 1,
          name: `Renamed ${a.clinicId.slice(0, 8)}`,
          timezone: 'America/Chicago',
          flagThresholds: { noContactDays: 21, caseloadCapacity: 60 },
        })
        .expect(200);
      expect(res.body).toMatchObject({ timezone: 'America/Chicago', version: 2 });
      expect(res.body.flagThresholds).toMatchObject({ noContactDays: 21, caseloadCapacity: 60, noScoreDays: 30 });
      expect(res.body.flagThresholdOverrides).toEqual({ noContactDays: 21, caseloadCapacity: 60 });

      const reset = await http
        .patch('/api/clinics/current', a.admin.auth, { version: 2, flagThresholds: { noContactDays: null } })
        .expect(200);
      expect(reset.body.flagThresholdOverrides).toEqual({ caseloadCapacity: 60 });
      expect(reset.body.flagThresholds.noContactDays).toBe(30);

      const audit = await auditRows(t, a.clinicId, 'clinic.update');
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ actor_id: a.admin.id, resource_id: a.clinicId, outcome: 'success' });
      expect(audit[0]?.details).toEqual({
        fields: ['name', 'timezone', 'flagThresholds'],
        thresholds: ['noContactDays', 'caseloadCapacity'],
      });
    });

    it.each([
      [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      [{ name: '' }, 'name'],
      [{ name: null }, 'name'],
      [{ flagThresholds: { noContactDays: -1 } }, 'noContactDays'],
      [{ flagThresholds: { noContactDays: 2.5 } }, 'noContactDays'],
      [{ flagThresholds: { bogus: 3 } }, 'bogus'],
      [{ flagThresholds: { responseReductionPercent: 150 } }, 'flagThresholds.responseReductionPercent'],
      [
        { flagThresholds: { notImprovingEarlyWeeks: 12, notImprovingWeeks: 10 } },
        'flagThresholds.notImprovingEarlyWeeks',
      ],
      [{ version: 'x' }, 'version'],
    ])('rejects %j with 400 naming %s and changes nothing', async (patch, field) => {
      const current = await http.get('/api/clinics/current', b.admin.auth);
      const before = await clinicFootprint(t, b.clinicId);
      const res = await http
        .patch('/api/clinics/current', b.admin.auth, { version: current.body.version, ...patch })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await clinicFootprint(t, b.clinicId)).toEqual(before);
    });

    it('answers 409 for a name another clinic uses, naming name', async () => {
      const other = await http.get('/api/clinics/current', a.admin.auth);
      const res = await http
        .patch('/api/clinics/current', b.admin.auth, { version: 1, name: other.body.name })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'DUPLICATE', field: 'name' });
    });

    it('is refused (403) for every role but admin', async () => {
      for (const staff of [a.careManager, a.consultant, a.pcp, a.leadership]) {
        await http.patch('/api/clinics/current', staff.auth, { version: 1, name: 'Nope' }).expect(403);
      }
    });

    it('ends the sessions of a user whose role changes, so the old role is not used any longer', async () => {
      const c = await createClinic(t);
      await http.get('/api/staff', c.leadership.auth).expect(200);
      await http.patch(`/api/staff/${c.leadership.id}`, c.admin.auth, { version: 1, role: 'pcp' }).expect(200);
      await http.get('/api/staff', c.leadership.auth).expect(401);
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const c = await createClinic(t);
      const results = await Promise.all([
        http.patch('/api/clinics/current', c.admin.auth, { version: 1, timezone: 'America/Denver' }),
        http.patch('/api/clinics/current', c.admin.auth, { version: 1, timezone: 'America/Phoenix' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = must(results.find((r) => r.status === 409));
      expect(loser.body.message).toBe('Clinic was changed by someone else (version 2, you sent 1); reload and retry');
      expect(await auditRows(t, c.clinicId, 'clinic.update')).toHaveLength(1);
    });
  });

  describe('GET /api/staff', () => {
    it('lists the clinic staff, filtered by role and active', async () => {
      const all = await http.get('/api/staff', a.pcp.auth).expect(200);
      expect(all.body).toHaveLength(6);
      expect(all.body.every((s: { id: string }) => s.id !== b.admin.id)).toBe(true);
      expect(all.body[0]).toEqual(
        expect.objectContaining({ email: expect.any(String), fte: 1, active: true, version: 1 }),
      );
      expect(all.body[0]).not.toHaveProperty('passwordHash');

      const cms = await http.get('/api/staff?role=care_manager&active=true', a.leadership.auth).expect(200);
      expect(cms.body.map((s: { id: string }) => s.id).sort()).toEqual(
        [a.careManager.id, a.otherCareManager.id].sort(),
      );
      const inactive = await http.get('/api/staff?active=false', a.admin.auth).expect(200);
      expect(inactive.body).toEqual([]);
    });

    it('rejects an unknown role filter with 400 naming role', async () => {
      const res = await http.get('/api/staff?role=nurse', a.admin.auth).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('role');
    });

    it('offers care-team options with open-episode counts', async () => {
      const res = await http.get('/api/staff/care-team-options', a.careManager.auth).expect(200);
      expect(res.body.careManagers).toHaveLength(2);
      expect(res.body.consultants).toEqual([expect.objectContaining({ id: a.consultant.id, openEpisodes: 0, fte: 1 })]);
      expect(res.body.pcps).toEqual([expect.objectContaining({ id: a.pcp.id, role: 'pcp' })]);
    });
  });

  describe('POST /api/staff and PATCH /api/staff/:id', () => {
    it('lets an admin add and edit staff, audited', async () => {
      const email = `New.Person.${a.clinicId.slice(0, 6)}@test.huddle`;
      const created = await http
        .post('/api/staff', a.admin.auth, { email, displayName: 'New Person', role: 'care_manager', fte: 0.5 })
        .expect(201);
      expect(created.body).toMatchObject({ email, role: 'care_manager', fte: 0.5, active: true, version: 1 });

      const edited = await http
        .patch(`/api/staff/${created.body.id}`, a.admin.auth, {
          version: 1,
          role: 'pcp',
          fte: 0.8,
          displayName: 'Dr New',
        })
        .expect(200);
      expect(edited.body).toMatchObject({ role: 'pcp', fte: 0.8, displayName: 'Dr New', version: 2 });

      expect(await auditRows(t, a.clinicId, 'staff.create')).toEqual([
        expect.objectContaining({ resource_id: created.body.id, actor_id: a.admin.id }),
      ]);
      const [update] = await auditRows(t, a.clinicId, 'staff.update');
      expect(update?.details).toEqual({ fields: ['displayName', 'role', 'fte'] });
    });

    it('answers 409 naming email for an email in use (any case, any clinic), writing nothing', async () => {
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http
        .post('/api/staff', a.admin.auth, { email: b.pcp.email.toUpperCase(), displayName: 'Dup', role: 'pcp' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'DUPLICATE', field: 'email' });
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it.each([
      [{ email: 'not-an-email', displayName: 'X', role: 'pcp' }, 'email'],
      [{ email: 'x@test.huddle', displayName: 'X', role: 'nurse' }, 'role'],
      [{ email: 'x@test.huddle', displayName: 'X', role: 'pcp', fte: 0 }, 'fte'],
      [{ email: 'x@test.huddle', displayName: 'X', role: 'pcp', fte: 1.5 }, 'fte'],
      [{ email: 'x@test.huddle', role: 'pcp' }, 'displayName'],
      [{ email: 'x@test.huddle', displayName: 'X', role: 'pcp', passwordHash: 'x' }, 'passwordHash'],
    ])('rejects %j with 400 naming %s, writing nothing', async (body, field) => {
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http.post('/api/staff', a.admin.auth, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('keeps another clinic’s staff out of reach (404) and non-admins out (403)', async () => {
      await http.patch(`/api/staff/${b.pcp.id}`, a.admin.auth, { version: 1, fte: 0.5 }).expect(404);
      await http.patch('/api/staff/not-a-uuid', a.admin.auth, { version: 1, fte: 0.5 }).expect(400);
      for (const staff of [a.careManager, a.consultant, a.pcp, a.leadership]) {
        await http.post('/api/staff', staff.auth, { email: 'x@y.z', displayName: 'X', role: 'pcp' }).expect(403);
        await http.patch(`/api/staff/${a.pcp.id}`, staff.auth, { version: 1, fte: 0.5 }).expect(403);
      }
    });

    it('refuses self-lockout and a role change while the person is on open care teams', async () => {
      const self = await http
        .patch(`/api/staff/${a.admin.id}`, a.admin.auth, { version: 1, active: false })
        .expect(409);
      expect(self.body).toMatchObject({ code: 'SELF_LOCKOUT', field: 'active' });
      await t.db.query(
        `INSERT INTO patient (clinic_id, mrn, given_name, family_name, birth_date) VALUES ($1, 'SLOT-1', 'A', 'B', '1970-01-01')`,
        [a.clinicId],
      );
      await t.db.query(
        `INSERT INTO episode (clinic_id, patient_id, referred_on, consultant_id)
         SELECT $1, id, '2026-03-01', $2 FROM patient WHERE clinic_id = $1 AND mrn = 'SLOT-1'`,
        [a.clinicId, a.consultant.id],
      );
      const res = await http
        .patch(`/api/staff/${a.consultant.id}`, a.admin.auth, { version: 1, role: 'pcp' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'STAFF_IN_USE', field: 'role' });
    });

    it('ends the sessions of a deactivated user', async () => {
      const c = await createClinic(t);
      await http.get('/api/clinics/current', c.pcp.auth).expect(200);
      await http.patch(`/api/staff/${c.pcp.id}`, c.admin.auth, { version: 1, active: false }).expect(200);
      await http.get('/api/clinics/current', c.pcp.auth).expect(401);
    });

    it('ends the sessions of a user whose role changes, so the old role is not used any longer', async () => {
      const c = await createClinic(t);
      await http.get('/api/staff', c.leadership.auth).expect(200);
      await http.patch(`/api/staff/${c.leadership.id}`, c.admin.auth, { version: 1, role: 'pcp' }).expect(200);
      await http.get('/api/staff', c.leadership.auth).expect(401);
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const c = await createClinic(t);
      const results = await Promise.all([
        http.patch(`/api/staff/${c.pcp.id}`, c.admin.auth, { version: 1, fte: 0.4 }),
        http.patch(`/api/staff/${c.pcp.id}`, c.admin.auth, { version: 1, fte: 0.6 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(must(results.find((r) => r.status === 409)).body.code).toBe('VERSION_CONFLICT');
    });
  });
});
