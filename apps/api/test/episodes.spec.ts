import { createPatient, createStaff, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, must, openRegistry, TODAY } from './registry-helpers';
import type { TestApp } from './test-app';

describe('episodes', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  /** A patient whose only episode was discharged on `dischargedOn`. */
  async function dischargedPatient(dischargedOn: string): Promise<{ patientId: string; episodeId: string }> {
    const p = await createPatient(t.db, a, { enrolledOn: '2025-01-06' });
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = $2, discharge_reason = 'completed_treatment' WHERE id = $1`,
      [p.episodeId, dischargedOn],
    );
    return p;
  }

  describe('POST /api/patients/:id/episodes', () => {
    it('starts a referred episode ≥ 6 months after the last discharge, audited', async () => {
      const p = await dischargedPatient('2025-09-15');
      const res = await http.post(`/api/patients/${p.patientId}/episodes`, a.careManager.auth, {}).expect(201);
      expect(res.body).toMatchObject({
        patientId: p.patientId,
        status: 'referred',
        referredOn: TODAY,
        careTeam: { careManager: { id: a.careManager.id }, consultant: null, billingPcp: { id: a.pcp.id } },
        diagnoses: [],
        warnings: [],
        version: 1,
      });
      const audit = (await auditRows(t, a.clinicId, 'episode.create')).filter((r) => r.patient_id === p.patientId);
      expect(audit).toEqual([expect.objectContaining({ resource_id: res.body.id, actor_id: a.careManager.id })]);
    });

    it('refuses a second open episode (409) and a start within 6 months unless overridden', async () => {
      const open = await createPatient(t.db, a);
      const second = await http.post(`/api/patients/${open.patientId}/episodes`, a.careManager.auth, {}).expect(409);
      expect(second.body.code).toBe('OPEN_EPISODE_EXISTS');

      const p = await dischargedPatient('2026-01-10');
      const before = await clinicFootprint(t, a.clinicId);
      const early = await http.post(`/api/patients/${p.patientId}/episodes`, a.careManager.auth, {}).expect(409);
      expect(early.body).toMatchObject({ code: 'EPISODE_GAP_TOO_SHORT', field: 'referredOn' });
      expect(early.body.message).toContain('2026-07-10');
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);

      const forced = await http
        .post(`/api/patients/${p.patientId}/episodes`, a.careManager.auth, { allowShortGap: true })
        .expect(201);
      expect(forced.body.warnings).toEqual([expect.objectContaining({ code: 'EPISODE_GAP_UNDER_6_MONTHS' })]);
      const [audit] = (await auditRows(t, a.clinicId, 'episode.create')).filter(
        (r) => r.resource_id === forced.body.id,
      );
      expect(audit?.details).toEqual({ shortGapOverride: true });
    });

    it.each([
      [{ referredOn: '2026-03-17' }, 'referredOn'],
      [{ referredOn: '2025-08-01' }, 'referredOn'],
      [{ consultantId: 'x' }, 'consultantId'],
      [{ allowShortGap: 'yes' }, 'allowShortGap'],
      [{ status: 'active' }, 'status'],
    ])('rejects %j with 400 naming %s, writing nothing', async (body, field) => {
      const p = await dischargedPatient('2025-09-01');
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http.post(`/api/patients/${p.patientId}/episodes`, a.careManager.auth, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('answers 404 across clinics and outside the caseload, 403 without episode:write', async () => {
      const p = await dischargedPatient('2025-01-31');
      await http.post(`/api/patients/${p.patientId}/episodes`, b.careManager.auth, {}).expect(404);
      await http.post(`/api/patients/${p.patientId}/episodes`, a.otherCareManager.auth, {}).expect(404);
      for (const staff of [a.consultant, a.pcp, a.leadership, a.admin]) {
        await http.post(`/api/patients/${p.patientId}/episodes`, staff.auth, {}).expect(403);
      }
    });

    it('opens exactly one episode when two requests race', async () => {
      const p = await dischargedPatient('2025-02-01');
      const results = await Promise.all([
        http.post(`/api/patients/${p.patientId}/episodes`, a.careManager.auth, {}),
        http.post(`/api/patients/${p.patientId}/episodes`, a.careManager.auth, {}),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    });
  });

  describe('GET /api/episodes/:id', () => {
    it('returns the episode with its care team to everyone in scope, audited', async () => {
      const p = await createPatient(t.db, a);
      for (const staff of [a.careManager, a.consultant, a.pcp]) {
        const res = await http.get(`/api/episodes/${p.episodeId}`, staff.auth).expect(200);
        expect(res.body).toMatchObject({
          id: p.episodeId,
          status: 'active',
          diagnoses: ['F32.1'],
          careTeam: { consultant: { id: a.consultant.id, displayName: a.consultant.displayName } },
        });
      }
      const reads = (await auditRows(t, a.clinicId, 'episode.read')).filter((r) => r.resource_id === p.episodeId);
      expect(reads).toHaveLength(3);
      expect(reads[0]?.patient_id).toBe(p.patientId);
      await http.get(`/api/episodes/${p.episodeId}`, b.careManager.auth).expect(404);
      await http.get(`/api/episodes/${p.episodeId}`, a.otherCareManager.auth).expect(404);
      await http.get(`/api/episodes/${p.episodeId}`, a.leadership.auth).expect(403);
    });
  });

  describe('PATCH /api/episodes/:id/status', () => {
    it('walks referred → enrolled → active → relapse_prevention → discharged, audited', async () => {
      const p = await createPatient(t.db, a, { status: 'referred', enrolledOn: '2026-02-02' });
      const url = `/api/episodes/${p.episodeId}/status`;
      const enrolled = await http
        .patch(url, a.careManager.auth, { version: 1, status: 'enrolled', consentOn: '2026-02-09', on: '2026-02-10' })
        .expect(200);
      expect(enrolled.body).toMatchObject({
        status: 'enrolled',
        consentOn: '2026-02-09',
        enrolledOn: '2026-02-10',
        version: 2,
      });
      await http.patch(url, a.careManager.auth, { version: 2, status: 'active', on: '2026-02-16' }).expect(200);
      const rp = await http.patch(url, a.careManager.auth, { version: 3, status: 'relapse_prevention' }).expect(200);
      expect(rp.body).toMatchObject({ activatedOn: '2026-02-16', relapsePreventionOn: TODAY });
      const done = await http
        .patch(url, a.careManager.auth, { version: 4, status: 'discharged', dischargeReason: 'completed_treatment' })
        .expect(200);
      expect(done.body).toMatchObject({
        status: 'discharged',
        dischargedOn: TODAY,
        dischargeReason: 'completed_treatment',
      });

      const audit = (await auditRows(t, a.clinicId, 'episode.status.update')).filter(
        (r) => r.resource_id === p.episodeId,
      );
      expect(audit.map((r) => r.details)).toEqual([
        { from: 'referred', to: 'enrolled' },
        { from: 'enrolled', to: 'active' },
        { from: 'active', to: 'relapse_prevention' },
        { from: 'relapse_prevention', to: 'discharged' },
      ]);
    });

    it('discharges a referral that never enrolled (patient declined)', async () => {
      const p = await createPatient(t.db, a, { status: 'referred', enrolledOn: '2026-03-02' });
      const res = await http
        .patch(`/api/episodes/${p.episodeId}/status`, a.careManager.auth, {
          version: 1,
          status: 'discharged',
          dischargeReason: 'patient_declined',
        })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'discharged', consentOn: null, dischargeReason: 'patient_declined' });
    });

    it.each([
      ['referred', 'active', {}],
      ['referred', 'relapse_prevention', {}],
      ['active', 'enrolled', { consentOn: '2026-03-01' }],
      ['active', 'active', {}],
      ['relapse_prevention', 'active', {}],
    ] as const)('refuses %s → %s with 409 naming both, writing nothing', async (from, to, extra) => {
      const p = await createPatient(t.db, a, {
        status: from === 'referred' ? 'referred' : from,
        enrolledOn: '2026-01-05',
      });
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http
        .patch(`/api/episodes/${p.episodeId}/status`, a.careManager.auth, { version: 1, status: to, ...extra })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
      expect(res.body.message).toContain(`from ${from} to ${to}`);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('refuses any change of a discharged episode', async () => {
      const p = await dischargedPatient('2025-06-01');
      const res = await http
        .patch(`/api/episodes/${p.episodeId}/status`, a.careManager.auth, { version: 1, status: 'active' })
        .expect(409);
      expect(res.body.message).toContain('from discharged to active');
    });

    it.each([
      ['referred', { status: 'enrolled' }, 'consentOn'],
      ['referred', { status: 'enrolled', consentOn: '2026-03-20' }, 'consentOn'],
      ['referred', { status: 'enrolled', consentOn: '2025-12-01' }, 'consentOn'],
      ['active', { status: 'discharged' }, 'dischargeReason'],
      ['active', { status: 'discharged', dischargeReason: 'felt better' }, 'dischargeReason'],
      ['active', { status: 'relapse_prevention', dischargeReason: 'other' }, 'dischargeReason'],
      ['active', { status: 'relapse_prevention', on: '2026-03-17' }, 'on'],
      ['active', { status: 'relapse_prevention', on: '2026-01-01' }, 'on'],
      ['active', { status: 'paused' }, 'status'],
    ] as const)('from %s rejects %j with 400 naming %s, writing nothing', async (from, body, field) => {
      const p = await createPatient(t.db, a, { status: from, enrolledOn: '2026-01-05' });
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http
        .patch(`/api/episodes/${p.episodeId}/status`, a.careManager.auth, { version: 1, ...body })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('answers 404 across clinics, 403 for roles without episode:write, 409 for a stale version', async () => {
      const p = await createPatient(t.db, a);
      const body = { version: 1, status: 'relapse_prevention' };
      await http.patch(`/api/episodes/${p.episodeId}/status`, b.careManager.auth, body).expect(404);
      await http.patch(`/api/episodes/${p.episodeId}/status`, a.consultant.auth, body).expect(403);
      const stale = await http
        .patch(`/api/episodes/${p.episodeId}/status`, a.careManager.auth, { ...body, version: 3 })
        .expect(409);
      expect(stale.body.message).toBe('Episode was changed by someone else (version 1, you sent 3); reload and retry');
    });

    it('lets exactly one of two concurrent changes of the same version win', async () => {
      const p = await createPatient(t.db, a, { enrolledOn: '2026-01-05' });
      const results = await Promise.all([
        http.patch(`/api/episodes/${p.episodeId}/status`, a.careManager.auth, {
          version: 1,
          status: 'relapse_prevention',
        }),
        http.patch(`/api/episodes/${p.episodeId}/status`, a.careManager.auth, {
          version: 1,
          status: 'discharged',
          dischargeReason: 'lost_to_follow_up',
        }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });

  describe('PATCH /api/episodes/:id/care-team', () => {
    it('assigns and unassigns team members of the right role, audited', async () => {
      const p = await createPatient(t.db, a, { consultantId: null });
      const res = await http
        .patch(`/api/episodes/${p.episodeId}/care-team`, a.careManager.auth, {
          version: 1,
          consultantId: a.consultant.id,
          billingPcpId: null,
        })
        .expect(200);
      expect(res.body.careTeam).toEqual({
        careManager: { id: a.careManager.id, displayName: a.careManager.displayName },
        consultant: { id: a.consultant.id, displayName: a.consultant.displayName },
        billingPcp: null,
      });
      const [audit] = (await auditRows(t, a.clinicId, 'episode.care_team.update')).filter(
        (r) => r.resource_id === p.episodeId,
      );
      expect(audit?.details).toEqual({ fields: ['consultantId', 'billingPcpId'] });
    });

    it('rejects staff of another role, clinic or inactive with 400 naming the field, writing nothing', async () => {
      const p = await createPatient(t.db, a);
      const inactive = await createStaff(t, a.clinicId, 'psychiatric_consultant');
      await t.db.query('UPDATE staff_user SET active = false WHERE id = $1', [inactive.id]);
      const before = await clinicFootprint(t, a.clinicId);
      for (const [body, field] of [
        [{ careManagerId: a.pcp.id }, 'careManagerId'],
        [{ consultantId: b.consultant.id }, 'consultantId'],
        [{ consultantId: inactive.id }, 'consultantId'],
        [{ billingPcpId: a.consultant.id }, 'billingPcpId'],
        [{ billingPcpId: 'abc' }, 'billingPcpId'],
      ] as const) {
        const res = await http
          .patch(`/api/episodes/${p.episodeId}/care-team`, a.careManager.auth, { version: 1, ...body })
          .expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
    });

    it('refuses edits of a discharged episode, other clinics and read-only roles', async () => {
      const closed = await dischargedPatient('2025-06-01');
      const res = await http
        .patch(`/api/episodes/${closed.episodeId}/care-team`, a.careManager.auth, { version: 1, consultantId: null })
        .expect(409);
      expect(res.body.code).toBe('EPISODE_CLOSED');
      const p = await createPatient(t.db, a);
      await http
        .patch(`/api/episodes/${p.episodeId}/care-team`, b.careManager.auth, { version: 1, consultantId: null })
        .expect(404);
      await http
        .patch(`/api/episodes/${p.episodeId}/care-team`, a.pcp.auth, { version: 1, consultantId: null })
        .expect(403);
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const p = await createPatient(t.db, a);
      const results = await Promise.all([
        http.patch(`/api/episodes/${p.episodeId}/care-team`, a.careManager.auth, { version: 1, consultantId: null }),
        http.patch(`/api/episodes/${p.episodeId}/care-team`, a.careManager.auth, { version: 1, billingPcpId: null }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });

  describe('PUT /api/episodes/:id/diagnoses', () => {
    it('replaces diagnoses, normalised and de-duplicated, audited without the codes', async () => {
      const p = await createPatient(t.db, a);
      const res = await http
        .put(`/api/episodes/${p.episodeId}/diagnoses`, a.careManager.auth, {
          version: 1,
          diagnoses: ['f32.1', 'F41.1', 'F32.1', 'F32.A'],
        })
        .expect(200);
      expect(res.body).toMatchObject({ diagnoses: ['F32.1', 'F41.1', 'F32.A'], version: 2 });
      const [audit] = (await auditRows(t, a.clinicId, 'episode.diagnoses.update')).filter(
        (r) => r.resource_id === p.episodeId,
      );
      expect(audit?.details).toEqual({ count: 3 });
      const cleared = await http
        .put(`/api/episodes/${p.episodeId}/diagnoses`, a.careManager.auth, { version: 2, diagnoses: [] })
        .expect(200);
      expect(cleared.body.diagnoses).toEqual([]);
    });

    it.each([[['depression']], [['F32.12345']], [['32.1']], ['F32.1'], [[1]]])(
      'rejects diagnoses %j with 400 naming diagnoses, writing nothing',
      async (diagnoses) => {
        const p = await createPatient(t.db, a);
        const before = await clinicFootprint(t, a.clinicId);
        const res = await http
          .put(`/api/episodes/${p.episodeId}/diagnoses`, a.careManager.auth, { version: 1, diagnoses })
          .expect(400);
        expect(JSON.stringify(res.body.message)).toContain('diagnoses');
        expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
      },
    );

    it('answers 404 across clinics, 403 for read-only roles, 409 on a race', async () => {
      const p = await createPatient(t.db, a);
      const body = { version: 1, diagnoses: ['F41.1'] };
      await http.put(`/api/episodes/${p.episodeId}/diagnoses`, b.careManager.auth, body).expect(404);
      await http.put(`/api/episodes/${p.episodeId}/diagnoses`, a.consultant.auth, body).expect(403);
      const results = await Promise.all([
        http.put(`/api/episodes/${p.episodeId}/diagnoses`, a.careManager.auth, body),
        http.put(`/api/episodes/${p.episodeId}/diagnoses`, a.careManager.auth, { ...body, diagnoses: ['F33.1'] }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(must(results.find((r) => r.status === 409)).body.code).toBe('VERSION_CONFLICT');
    });
  });
});
