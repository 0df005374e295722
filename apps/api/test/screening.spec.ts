import { answersFor } from './builders';
import { createPatient, createStaff, type ClinicFixture, type StaffFixture } from './fixtures';
import { api, auditRows, clinicFootprint, count, must, openRegistry, TODAY } from './registry-helpers';
import type { TestApp } from './test-app';

/**
 * Universal screening, follow-up plans, referrals and warm handoffs, utilization events, leadership
 * aggregates and the health-system view (issue #17 part 1). Clock frozen at 2026-03-16 (New York).
 */

/** A clinic patient with no episode (screening is for every clinic patient), the PCP's own. */
async function unenrolledPatient(t: TestApp, clinic: ClinicFixture, gender: string | null = null): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO patient (clinic_id, mrn, given_name, family_name, birth_date, pcp_id, gender)
     VALUES ($1, 'S-' || substr(md5(random()::text), 1, 8), 'Scr', 'Eening', '1990-06-01', $2, $3) RETURNING id`,
    [clinic.clinicId, clinic.pcp.id, gender],
  );
  return row.id;
}

const positivePhq2 = { phq2_1: 2, phq2_2: 2 };
const negativePhq2 = { phq2_1: 1, phq2_2: 0 };

describe('universal screening (issue #17)', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  describe('POST /api/patients/:id/screenings', () => {
    it('records a screening of a patient with no episode: PHQ-2 ≥ 3 → PHQ-9 stored as an assessment, AUDIT-C with the female cut-off, PC-PTSD-5 → PCL-5 prompted', async () => {
      const patientId = await unenrolledPatient(t, a, 'female');
      const res = await http
        .post(`/api/patients/${patientId}/screenings`, a.pcp.auth, {
          visitOn: TODAY,
          phq2: positivePhq2,
          phq9: answersFor('PHQ9', 14),
          gad2: { gad2_1: 1, gad2_2: 1 },
          auditC: { auditc_1: 2, auditc_2: 1, auditc_3: 0 },
          pcPtsd5: { traumaExposure: true, items: [true, true, true, false, false] },
        })
        .expect(201);
      expect(res.body).toMatchObject({
        patientId,
        visitOn: TODAY,
        screenedBy: { id: a.pcp.id },
        phq2: { total: 4, positive: true, cutoff: 3 },
        gad2: { total: 2, positive: false, cutoff: 3 },
        auditC: { total: 3, positive: true, cutoff: 3 },
        pcPtsd5: { total: 3, positive: true, cutoff: 3, traumaExposure: true },
        depressionPositive: true,
        anxietyPositive: false,
        pendingInstruments: ['PCL5'],
        followUpPlan: null,
        followUpPlanNeeded: true,
        referral: null,
        version: 1,
      });
      const [phq9] = await t.db.query(`SELECT instrument, total, episode_id, source FROM assessment WHERE id = $1`, [
        res.body.phq9AssessmentId,
      ]);
      expect(phq9).toEqual({ instrument: 'PHQ9', total: 14, episode_id: null, source: 'clinic' });
      const audit = (await auditRows(t, a.clinicId, 'screening.create')).filter((r) => r.patient_id === patientId);
      expect(audit).toEqual([
        expect.objectContaining({
          resource_id: res.body.id,
          details: { instruments: ['PHQ2', 'GAD2', 'AUDITC', 'PCPTSD5'], fullInstruments: ['phq9'] },
        }),
      ]);
      expect(
        await count(t, `SELECT 1 FROM audit_log WHERE action = 'assessment.create' AND resource_id = $1`, [
          res.body.phq9AssessmentId,
        ]),
      ).toBe(1);
    });

    it('takes the PHQ-9 result over the PHQ-2 and applies the clinic’s AUDIT-C and PC-PTSD-5 settings', async () => {
      await http
        .put('/api/screening/settings', a.admin.auth, { auditCCutoff: 5, auditCFemaleCutoff: 3, pcPtsd5CutPoint: 4 })
        .expect(200);
      const patientId = await unenrolledPatient(t, a, 'male');
      const res = await http
        .post(`/api/patients/${patientId}/screenings`, a.pcp.auth, {
          visitOn: TODAY,
          phq2: positivePhq2,
          phq9: answersFor('PHQ9', 8),
          auditC: { auditc_1: 2, auditc_2: 1, auditc_3: 1 },
          pcPtsd5: { traumaExposure: true, items: [true, true, true, false, false] },
        })
        .expect(201);
      expect(res.body).toMatchObject({
        depressionPositive: false,
        auditC: { total: 4, positive: false, cutoff: 5 },
        pcPtsd5: { total: 3, positive: false, cutoff: 4 },
        pendingInstruments: [],
        followUpPlanNeeded: false,
      });
      expect((await auditRows(t, a.clinicId, 'screening.settings.update')).at(-1)?.details).toEqual({
        auditCCutoff: 5,
        auditCFemaleCutoff: 3,
        pcPtsd5CutPoint: 4,
      });
      await http
        .put('/api/screening/settings', a.admin.auth, { auditCCutoff: 4, auditCFemaleCutoff: 3, pcPtsd5CutPoint: 3 })
        .expect(200);
    });

    it('records a CMS2 exception (patient refused) without a PHQ-2', async () => {
      const patientId = await unenrolledPatient(t, a);
      const res = await http
        .post(`/api/patients/${patientId}/screenings`, a.careManager.auth, {
          visitOn: TODAY,
          depressionException: 'patient_refused',
        })
        .expect(404);
      expect(res.body.code).toBe('NOT_FOUND'); // not on the care manager's caseload: outside their scope
      const ok = await http
        .post(`/api/patients/${patientId}/screenings`, a.pcp.auth, {
          visitOn: TODAY,
          depressionException: 'patient_refused',
        })
        .expect(201);
      expect(ok.body).toMatchObject({ depressionPositive: null, depressionException: 'patient_refused', phq2: null });
    });

    it.each([
      [{ visitOn: '2026-03-17', phq2: negativePhq2 }, 'visitOn'],
      [{ visitOn: '2026-02-30', phq2: negativePhq2 }, 'visitOn'],
      [{ visitOn: TODAY }, 'phq2'],
      [{ visitOn: TODAY, phq2: { phq2_1: 2 } }, 'phq2.phq2_2'],
      [{ visitOn: TODAY, phq2: { phq2_1: 4, phq2_2: 0 } }, 'phq2.phq2_1'],
      [{ visitOn: TODAY, phq2: negativePhq2, phq9: answersFor('PHQ9', 3) }, 'phq9'],
      [{ visitOn: TODAY, gad2: { gad2_1: 0, gad2_2: 0 }, gad7: answersFor('GAD7', 3) }, 'gad7'],
      [{ visitOn: TODAY, pcPtsd5: { traumaExposure: true, items: [true] } }, 'pcPtsd5.items'],
      [{ visitOn: TODAY, pcPtsd5: { traumaExposure: 'yes' } }, 'traumaExposure'],
      [{ visitOn: TODAY, phq2: negativePhq2, followUpPlan: { kinds: ['referral'], on: TODAY } }, 'followUpPlan'],
      [{ visitOn: TODAY, phq2: positivePhq2, followUpPlan: { kinds: ['leaflet'], on: TODAY } }, 'kinds'],
      [
        { visitOn: TODAY, phq2: positivePhq2, followUpPlan: { kinds: ['referral'], on: '2026-03-15' } },
        'followUpPlan.on',
      ],
      [{ visitOn: TODAY, phq2: negativePhq2, depressionException: 'patient_refused' }, 'depressionException'],
      [{ visitOn: TODAY, phq2: negativePhq2, mood: 'low' }, 'mood'],
    ])('refuses %j with 400 naming %s, writing nothing', async (body, field) => {
      const patientId = await unenrolledPatient(t, a);
      const before = await clinicFootprint(t, a.clinicId);
      const visits = await count(t, `SELECT 1 FROM screening_visit WHERE clinic_id = $1`, [a.clinicId]);
      const res = await http.post(`/api/patients/${patientId}/screenings`, a.pcp.auth, body).expect(400);
      expect(JSON.stringify(res.body.message) + String(res.body.field)).toContain(field);
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
      expect(await count(t, `SELECT 1 FROM screening_visit WHERE clinic_id = $1`, [a.clinicId])).toBe(visits);
    });

    it("answers 404 for another clinic's patient and 403 for roles that do not screen", async () => {
      const other = await unenrolledPatient(t, b);
      await http
        .post(`/api/patients/${other}/screenings`, a.pcp.auth, { visitOn: TODAY, phq2: negativePhq2 })
        .expect(404);
      const own = await unenrolledPatient(t, a);
      for (const who of [a.leadership, a.consultant, a.admin]) {
        const res = await http
          .post(`/api/patients/${own}/screenings`, who.auth, { visitOn: TODAY, phq2: negativePhq2 })
          .expect(403);
        expect(res.body.code).toBe('PERMISSION_DENIED');
      }
      expect(await count(t, `SELECT 1 FROM screening_visit WHERE patient_id = ANY($1)`, [[other, own]])).toBe(0);
    });
  });

  describe('follow-up plan and referral with warm handoff', () => {
    async function positiveVisit(): Promise<{ patientId: string; visitId: string; version: number }> {
      const patientId = await unenrolledPatient(t, a);
      const res = await http
        .post(`/api/patients/${patientId}/screenings`, a.pcp.auth, {
          visitOn: '2026-03-02',
          phq2: positivePhq2,
          phq9: answersFor('PHQ9', 12),
        })
        .expect(201);
      return { patientId, visitId: res.body.id, version: res.body.version };
    }

    it('does not count a handout alone; a referral documents the plan and records who took the warm handoff', async () => {
      const v = await positiveVisit();
      const plan = await http
        .post(`/api/screenings/${v.visitId}/follow-up-plan`, a.pcp.auth, {
          version: v.version,
          kinds: ['handout'],
          on: '2026-03-02',
        })
        .expect(201);
      expect(plan.body).toMatchObject({
        followUpPlan: { kinds: ['handout'], on: '2026-03-02', counts: false },
        followUpPlanNeeded: true,
        version: 2,
      });
      const referred = await http
        .post(`/api/screenings/${v.visitId}/referral`, a.pcp.auth, {
          referredOn: '2026-03-02',
          warmHandoff: true,
          handoffTakenById: a.careManager.id,
        })
        .expect(201);
      expect(referred.body).toMatchObject({
        followUpPlan: { kinds: ['handout', 'referral'], on: '2026-03-02', counts: true },
        followUpPlanNeeded: false,
        referral: {
          referredOn: '2026-03-02',
          referredBy: { id: a.pcp.id },
          warmHandoff: true,
          handoffTakenBy: { id: a.careManager.id, displayName: a.careManager.displayName },
          journey: { screenedOn: '2026-03-02', daysScreenToReferral: 0, firstContactOn: null, engaged: false },
        },
      });
      expect((await auditRows(t, a.clinicId, 'screening.referral.create')).at(-1)).toMatchObject({
        patient_id: v.patientId,
        resource_id: referred.body.referral.id,
        details: { warmHandoff: true },
      });
      expect((await auditRows(t, a.clinicId, 'screening.follow-up-plan')).at(-1)).toMatchObject({
        patient_id: v.patientId,
        details: { kinds: ['handout'] },
      });
      // A second referral of the same screen is a conflict.
      await http
        .post(`/api/screenings/${v.visitId}/referral`, a.pcp.auth, { referredOn: '2026-03-02', warmHandoff: false })
        .expect(409);
    });

    it("gives a PCP the clinic's handoff takers (care managers and consultants, names and ids only) and refers with one", async () => {
      const inactive = await createStaff(t, a.clinicId, 'care_manager', 'gone');
      await t.db.query('UPDATE staff_user SET active = false WHERE id = $1', [inactive.id]);
      const res = await http.get('/api/screening/handoff-clinicians', a.pcp.auth).expect(200);
      const ids = res.body.map((c: { id: string }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([a.careManager.id, a.otherCareManager.id, a.consultant.id]));
      // Only this clinic's active behavioural-health staff: no PCP, leader, admin, other clinic or inactive account.
      for (const absent of [a.pcp.id, a.leadership.id, a.admin.id, b.careManager.id, b.consultant.id, inactive.id]) {
        expect(ids).not.toContain(absent);
      }
      for (const c of res.body) {
        expect(Object.keys(c).sort()).toEqual(['displayName', 'id', 'role']);
        expect(['care_manager', 'psychiatric_consultant']).toContain(c.role);
      }
      expect(res.body.find((c: { id: string }) => c.id === a.consultant.id)).toEqual({
        id: a.consultant.id,
        displayName: a.consultant.displayName,
        role: 'psychiatric_consultant',
      });
      // The PCP completes a warm-handoff referral with someone from that list.
      const v = await positiveVisit();
      const referred = await http
        .post(`/api/screenings/${v.visitId}/referral`, a.pcp.auth, {
          referredOn: '2026-03-02',
          warmHandoff: true,
          handoffTakenById: a.consultant.id,
        })
        .expect(201);
      expect(referred.body.referral.handoffTakenBy).toEqual({
        id: a.consultant.id,
        displayName: a.consultant.displayName,
      });
      // Roles that do not refer are refused; the care manager (who also screens) gets the same list.
      await http.get('/api/screening/handoff-clinicians', a.leadership.auth).expect(403);
      await http.get('/api/screening/handoff-clinicians', a.admin.auth).expect(403);
      const cm = await http.get('/api/screening/handoff-clinicians', a.careManager.auth).expect(200);
      expect(cm.body).toEqual(res.body);
    });

    it('shows days from screen to referral, first behavioural-health contact and enrolment, and engagement', async () => {
      const v = await positiveVisit();
      await http
        .post(`/api/screenings/${v.visitId}/referral`, a.pcp.auth, { referredOn: '2026-03-03', warmHandoff: false })
        .expect(201);
      // The care manager enrols the patient on 2026-03-10 with contacts on 03-05 and 03-12 (engaged).
      const [episode] = await t.db.query(
        `INSERT INTO episode (clinic_id, patient_id, status, referred_on, consent_on, enrolled_on, care_manager_id, diagnoses)
         VALUES ($1, $2, 'enrolled', '2026-03-03', '2026-03-10', '2026-03-10', $3, '{F32.1}') RETURNING id`,
        [a.clinicId, v.patientId, a.careManager.id],
      );
      for (const at of ['2026-03-05T15:00:00Z', '2026-03-12T15:00:00Z', '2026-03-01T15:00:00Z']) {
        await t.db.query(
          `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
           VALUES ($1, $2, $3, $4, 'follow_up', 'phone', $5, 20)`,
          [a.clinicId, v.patientId, episode.id, a.careManager.id, at],
        );
      }
      const list = await http.get(`/api/patients/${v.patientId}/screenings`, a.careManager.auth).expect(200);
      expect(list.body).toHaveLength(1);
      expect(list.body[0].referral.journey).toEqual({
        screenedOn: '2026-03-02',
        firstContactOn: '2026-03-05',
        enrolledOn: '2026-03-10',
        daysScreenToReferral: 1,
        daysReferralToFirstContact: 2,
        daysFirstContactToEnrolment: 5,
        engaged: true,
      });
      expect((await auditRows(t, a.clinicId, 'screening.list')).at(-1)).toMatchObject({
        actor_id: a.careManager.id,
        patient_id: v.patientId,
        details: { count: 1 },
      });
    });

    it.each([
      [{ referredOn: '2026-03-01', warmHandoff: false }, 'referredOn'],
      [{ referredOn: '2026-03-17', warmHandoff: false }, 'referredOn'],
      [{ referredOn: '2026-03-02', warmHandoff: true }, 'handoffTakenById'],
      [{ referredOn: '2026-03-02', warmHandoff: 'yes' }, 'warmHandoff'],
      [{ referredOn: '2026-03-02', warmHandoff: true, handoffTakenById: 'someone' }, 'handoffTakenById'],
    ])('refuses the referral %j with 400 naming %s, writing nothing', async (body, field) => {
      const v = await positiveVisit();
      const res = await http.post(`/api/screenings/${v.visitId}/referral`, a.pcp.auth, body).expect(400);
      expect(JSON.stringify(res.body.message) + String(res.body.field)).toContain(field);
      expect(await count(t, `SELECT 1 FROM bh_referral WHERE screening_visit_id = $1`, [v.visitId])).toBe(0);
    });

    it("refuses a handoff taken by another clinic's clinician, another clinic's screening (404) and the wrong role (403)", async () => {
      const v = await positiveVisit();
      const taken = await http
        .post(`/api/screenings/${v.visitId}/referral`, a.pcp.auth, {
          referredOn: '2026-03-02',
          warmHandoff: true,
          handoffTakenById: b.careManager.id,
        })
        .expect(400);
      expect(taken.body.field).toBe('handoffTakenById');
      await http
        .post(`/api/screenings/${v.visitId}/referral`, b.pcp.auth, { referredOn: '2026-03-02', warmHandoff: false })
        .expect(404);
      await http
        .post(`/api/screenings/${v.visitId}/follow-up-plan`, b.pcp.auth, {
          version: 1,
          kinds: ['other'],
          on: '2026-03-02',
        })
        .expect(404);
      await http
        .post(`/api/screenings/${v.visitId}/referral`, a.leadership.auth, {
          referredOn: '2026-03-02',
          warmHandoff: false,
        })
        .expect(403);
      await http.get(`/api/patients/${v.patientId}/screenings`, b.pcp.auth).expect(404);
      await http.get(`/api/patients/${v.patientId}/screenings`, a.leadership.auth).expect(403);
      expect(await count(t, `SELECT 1 FROM bh_referral WHERE screening_visit_id = $1`, [v.visitId])).toBe(0);
    });

    it('refuses a stale version of the follow-up plan (409) and a plan on a negative screen (400)', async () => {
      const v = await positiveVisit();
      await http
        .post(`/api/screenings/${v.visitId}/follow-up-plan`, a.pcp.auth, {
          version: 7,
          kinds: ['other'],
          on: '2026-03-02',
        })
        .expect(409);
      const patientId = await unenrolledPatient(t, a);
      const neg = await http
        .post(`/api/patients/${patientId}/screenings`, a.pcp.auth, { visitOn: TODAY, phq2: negativePhq2 })
        .expect(201);
      const res = await http
        .post(`/api/screenings/${neg.body.id}/follow-up-plan`, a.pcp.auth, { version: 1, kinds: ['other'], on: TODAY })
        .expect(400);
      expect(res.body.field).toBe('followUpPlan');
    });
  });

  describe('utilization events', () => {
    it('enters an ED visit and an admission, lists them newest first, audited', async () => {
      const p = await createPatient(t.db, a);
      const ed = await http
        .post(`/api/patients/${p.patientId}/utilization`, a.careManager.auth, {
          kind: 'ed_visit',
          startsOn: '2026-02-01',
        })
        .expect(201);
      expect(ed.body).toMatchObject({ kind: 'ed_visit', startsOn: '2026-02-01', endsOn: null, source: 'manual' });
      await http
        .post(`/api/patients/${p.patientId}/utilization`, a.pcp.auth, {
          kind: 'admission',
          startsOn: '2026-02-10',
          endsOn: '2026-02-14',
        })
        .expect(201);
      const list = await http.get(`/api/patients/${p.patientId}/utilization`, a.consultant.auth).expect(200);
      expect(list.body.map((e: { kind: string; endsOn: string | null }) => [e.kind, e.endsOn])).toEqual([
        ['admission', '2026-02-14'],
        ['ed_visit', null],
      ]);
      expect(
        (await auditRows(t, a.clinicId, 'utilization.create')).filter((r) => r.patient_id === p.patientId),
      ).toEqual([
        expect.objectContaining({ resource_id: ed.body.id, details: { kind: 'ed_visit' } }),
        expect.objectContaining({ details: { kind: 'admission' } }),
      ]);
    });

    it("puts ED visits and admissions on the patient's timeline and in the one-request patient page", async () => {
      const p = await createPatient(t.db, a);
      await http
        .post(`/api/patients/${p.patientId}/utilization`, a.careManager.auth, {
          kind: 'ed_visit',
          startsOn: '2026-02-03',
        })
        .expect(201);
      await http
        .post(`/api/patients/${p.patientId}/utilization`, a.careManager.auth, {
          kind: 'admission',
          startsOn: '2026-02-20',
          endsOn: '2026-02-24',
        })
        .expect(201);
      // An encounter of another class (an outpatient visit) is not a utilization event.
      await t.db.query(
        `INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, starts_on, source)
         VALUES ($1, $2, 'encounter', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'AMB', '2026-02-10', 'import')`,
        [a.clinicId, p.patientId],
      );
      const timeline = await http
        .get(`/api/patients/${p.patientId}/timeline?kinds=utilization`, a.consultant.auth)
        .expect(200);
      expect(
        timeline.body.entries.map((e: { kind: string; date: string; title: string; detail: string | null }) => [
          e.kind,
          e.date,
          e.title,
          e.detail,
        ]),
      ).toEqual([
        ['utilization', '2026-02-20', 'Hospital admission', 'Discharged 24 Feb 2026'],
        ['utilization', '2026-02-03', 'Emergency department visit', null],
      ]);
      const page = await http.get(`/api/patients/${p.patientId}/page`, a.consultant.auth).expect(200);
      expect(page.body.utilization.map((e: { kind: string; startsOn: string }) => [e.kind, e.startsOn])).toEqual([
        ['admission', '2026-02-20'],
        ['ed_visit', '2026-02-03'],
      ]);
      const [pageAudit] = (await auditRows(t, a.clinicId, 'patient.page.read')).filter(
        (r) => r.patient_id === p.patientId,
      );
      expect(JSON.stringify(pageAudit?.details)).toContain('utilization.list');
      // Another clinic's patient page is not found (nothing of it is read).
      await http.get(`/api/patients/${p.patientId}/page`, b.consultant.auth).expect(404);
    });

    it.each([
      [{ kind: 'ed_visit', startsOn: '2026-02-01', endsOn: '2026-02-02' }, 'endsOn'],
      [{ kind: 'admission', startsOn: '2026-02-05', endsOn: '2026-02-01' }, 'endsOn'],
      [{ kind: 'admission', startsOn: '2026-03-20' }, 'startsOn'],
      [{ kind: 'clinic_visit', startsOn: '2026-02-01' }, 'kind'],
    ])('refuses %j with 400 naming %s', async (body, field) => {
      const p = await createPatient(t.db, a);
      const res = await http.post(`/api/patients/${p.patientId}/utilization`, a.careManager.auth, body).expect(400);
      expect(JSON.stringify(res.body.message) + String(res.body.field)).toContain(field);
      expect(await count(t, `SELECT 1 FROM patient_clinical_event WHERE patient_id = $1`, [p.patientId])).toBe(0);
    });

    it("answers 404 for another clinic's patient and 403 for the consultant and leadership", async () => {
      const other = await createPatient(t.db, b);
      const body = { kind: 'ed_visit', startsOn: '2026-02-01' };
      await http.post(`/api/patients/${other.patientId}/utilization`, a.careManager.auth, body).expect(404);
      await http.get(`/api/patients/${other.patientId}/utilization`, a.careManager.auth).expect(404);
      const own = await createPatient(t.db, a);
      await http.post(`/api/patients/${own.patientId}/utilization`, a.consultant.auth, body).expect(403);
      await http.post(`/api/patients/${own.patientId}/utilization`, a.leadership.auth, body).expect(403);
    });
  });

  describe('leadership aggregates and the health-system view', () => {
    let c: ClinicFixture;
    let lead: StaffFixture;

    beforeAll(async () => {
      // A fresh clinic with known data, in an organisation with clinic a.
      const { createClinic } = await import('./fixtures');
      c = await createClinic(t);
      const [org] = await t.db.query(
        `INSERT INTO organisation (name) VALUES ('Riverside Health ' || md5(random()::text)) RETURNING id`,
      );
      await t.db.query(`UPDATE clinic SET organisation_id = $1 WHERE id = ANY($2)`, [org.id, [a.clinicId, c.clinicId]]);
      lead = await createStaff(t, c.clinicId, 'org_leadership');
      const patient = async (): Promise<string> => unenrolledPatient(t, c);
      // Positive with a referral and warm handoff, the plan documented → met; negative → met; positive without plan → not met.
      const p1 = await patient();
      const s1 = await http
        .post(`/api/patients/${p1}/screenings`, c.pcp.auth, { visitOn: '2026-02-10', phq2: positivePhq2 })
        .expect(201);
      await http
        .post(`/api/screenings/${s1.body.id}/referral`, c.pcp.auth, {
          referredOn: '2026-02-11',
          warmHandoff: true,
          handoffTakenById: c.careManager.id,
        })
        .expect(201);
      const p2 = await patient();
      await http
        .post(`/api/patients/${p2}/screenings`, c.pcp.auth, { visitOn: '2026-02-12', phq2: negativePhq2 })
        .expect(201);
      const p3 = await patient();
      await http
        .post(`/api/patients/${p3}/screenings`, c.pcp.auth, { visitOn: '2026-03-03', phq2: positivePhq2 })
        .expect(201);
      // p3 has diabetes and an admission readmitted within 30 days; p2 an ED visit.
      await t.db.query(
        `INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, starts_on)
         VALUES ($1, $2, 'condition', 'http://hl7.org/fhir/sid/icd-10-cm', 'E11.9', '2020-01-01')`,
        [c.clinicId, p3],
      );
      for (const [who, kind, starts, ends] of [
        [p3, 'admission', '2026-01-05', '2026-01-08'],
        [p3, 'admission', '2026-01-20', '2026-01-25'],
        [p2, 'ed_visit', '2026-02-02', null],
      ] as const) {
        await http
          .post(`/api/patients/${who}/utilization`, c.pcp.auth, { kind, startsOn: starts, endsOn: ends })
          .expect(201);
      }
    });

    it('gives leadership screening per month, CMS2 and warm handoffs of its clinic, audited', async () => {
      const res = await http.get('/api/screening/summary?year=2026', c.leadership.auth).expect(200);
      expect(res.body.months).toEqual([
        {
          month: '2026-02',
          visits: 2,
          patientsScreened: 2,
          depressionPositive: 1,
          followUpPlanDocumented: 1,
          anxietyPositive: 0,
          alcoholPositive: 0,
          ptsdPositive: 0,
        },
        expect.objectContaining({ month: '2026-03', visits: 1, depressionPositive: 1, followUpPlanDocumented: 0 }),
      ]);
      expect(res.body.cms2).toEqual({
        period: { start: '2026-01-01', end: '2026-12-31' },
        initialPopulation: 3,
        exclusions: 0,
        exceptions: 0,
        denominator: 3,
        numerator: 2,
        rate: 2 / 3,
      });
      expect(res.body.handoffs).toMatchObject({
        referrals: 1,
        warmHandoffs: { numerator: 1, denominator: 1, rate: 1 },
        medianDaysToFirstContact: null,
        engaged: { numerator: 0, denominator: 1 },
      });
      expect((await auditRows(t, c.clinicId, 'screening.summary')).at(-1)).toMatchObject({
        actor_id: c.leadership.id,
        patient_id: null,
      });
    });

    it('gives ED-visit and 30-day readmission rates with vs without each chronic condition', async () => {
      const res = await http.get('/api/utilization/by-cohort?year=2026', c.leadership.auth).expect(200);
      expect(res.body.all).toEqual({
        patients: 3,
        edVisits: 1,
        patientsWithEdVisit: 1,
        edVisitsPer100: 100 / 3,
        indexAdmissions: 2,
        readmissions: 1,
        readmissionRate: 0.5,
      });
      const diabetes = res.body.cohorts.find((x: { condition: string }) => x.condition === 'diabetes');
      expect(diabetes.with).toMatchObject({ patients: 1, indexAdmissions: 2, readmissions: 1, edVisits: 0 });
      expect(diabetes.without).toMatchObject({ patients: 2, indexAdmissions: 0, edVisits: 1 });
      expect((await auditRows(t, c.clinicId, 'utilization.by-cohort')).length).toBeGreaterThan(0);
    });

    it.each([
      ['/api/screening/summary?year=26', 'year'],
      ['/api/utilization/by-cohort?year=twenty', 'year'],
      ['/api/organisation/summary?year=1800', 'year'],
    ])('refuses %s with 400 naming %s', async (url, field) => {
      const who = url.startsWith('/api/organisation') ? lead : c.leadership;
      const res = await http.get(url, who.auth).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('refuses the aggregates to clinical roles (403) and shows clinic b nothing of clinic c', async () => {
      await http.get('/api/screening/summary', c.pcp.auth).expect(403);
      await http.get('/api/utilization/by-cohort', c.careManager.auth).expect(403);
      await http.get('/api/organisation/summary', c.leadership.auth).expect(403);
      const other = await http.get('/api/screening/summary?year=2026', b.leadership.auth).expect(200);
      expect(other.body.clinicId).toBe(b.clinicId);
      expect(other.body.cms2.initialPopulation).toBe(0);
      // Clinic b is in no organisation: its organisation leadership has no view.
      const bLead = await createStaff(t, b.clinicId, 'org_leadership');
      await http.get('/api/organisation/summary', bLead.auth).expect(404);
    });

    it('shows organisation leadership every clinic of its organisation side by side, aggregates only', async () => {
      const res = await http.get('/api/organisation/summary?year=2026', lead.auth).expect(200);
      expect(res.body.clinics.map((x: { clinicId: string }) => x.clinicId).sort()).toEqual(
        [a.clinicId, c.clinicId].sort(),
      );
      const mine = res.body.clinics.find((x: { clinicId: string }) => x.clinicId === c.clinicId);
      expect(mine).toMatchObject({
        cms2: { numerator: 2, denominator: 3 },
        patientsScreened: 3,
        handoffs: { referrals: 1, warmHandoffs: { numerator: 1 } },
        utilization: { edVisits: 1, readmissions: 1 },
      });
      expect((await auditRows(t, c.clinicId, 'organisation.summary')).at(-1)).toMatchObject({
        actor_id: lead.id,
        patient_id: null,
      });
      // No patient-level field: no patient id, MRN, name or birth date of either clinic appears anywhere.
      const patients: Array<{ id: string; mrn: string; given_name: string; family_name: string; birth_date: string }> =
        await t.db.query(
          `SELECT id, mrn, given_name, family_name, birth_date::text AS birth_date FROM patient WHERE clinic_id = ANY($1)`,
          [[a.clinicId, c.clinicId]],
        );
      expect(patients.length).toBeGreaterThan(3);
      const text = JSON.stringify(res.body);
      for (const p of patients) {
        for (const value of [p.id, p.mrn, p.birth_date]) expect(text).not.toContain(value);
      }
      expect(text).not.toMatch(/Eening|Test Patient|"given|"family|"mrn|"birth|"patientId/);
      // Every patient-level route refuses the role (403): it holds no patient permission.
      const anyPatient = must(patients[0]).id;
      for (const path of ['', '/assessments', '/screenings', '/utilization', '/timeline', '/contacts']) {
        await http.get(`/api/patients/${anyPatient}${path}`, lead.auth).expect(403);
      }
      await http.get('/api/patients', lead.auth).expect(403);
      await http.get('/api/caseload', lead.auth).expect(403);
      await http.get('/fhir/R4/Patient', lead.auth).expect(403);
    });
  });
});
