import type { ClinicFixture } from './fixtures';
import { createClinic, createPatient } from './fixtures';
import { patientsListed } from './builders';
import { api, auditRows, freezeClock, must } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';

interface MonthlyRow {
  patientId: string;
  countableMinutes: number;
  isFirstMonth: boolean;
  lines: Array<{ code: string; units: number }>;
}

describe('CoCM billing', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;
  /** Jan 2025: 86 countable minutes (overlap, other staff, month boundary, before consent, consultant time). */
  let p1: { patientId: string; episodeId: string };
  /** Discharged 10 Feb 2025: 40 minutes count in February, 40 after discharge do not. */
  let p2: { patientId: string; episodeId: string };
  /** Referred, never consented: nothing counts. */
  let p3: { patientId: string; episodeId: string };
  /** On the other care manager's caseload. */
  let p4: { patientId: string; episodeId: string };
  /** Other care manager; an episode discharged 15 Dec 2024, resumed 3 Mar 2025 (under 6 months): 40 minutes in March. */
  let p5: { patientId: string; episodeId: string };

  async function logTime(
    episode: { patientId: string; episodeId: string },
    staffId: string,
    at: string,
    minutes: number,
  ): Promise<void> {
    await t.db.query(
      `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
       SELECT clinic_id, patient_id, id, $2, 'follow_up', 'phone', $3, $4 FROM episode WHERE id = $1`,
      [episode.episodeId, staffId, at, minutes],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t);
    http = api(t);
    a = await createClinic(t);
    b = await createClinic(t);

    p1 = await createPatient(t.db, a, { enrolledOn: '2025-01-15' });
    await logTime(p1, a.careManager.id, '2025-01-10T15:00:00Z', 20); // before consent
    await logTime(p1, a.careManager.id, '2025-01-20T15:00:00Z', 30);
    await logTime(p1, a.careManager.id, '2025-01-20T15:20:00Z', 20); // overlaps: 15:00–15:40 counts 40
    await logTime(p1, a.otherCareManager.id, '2025-01-20T15:10:00Z', 16); // another care manager adds up
    await logTime(p1, a.consultant.id, '2025-01-21T15:00:00Z', 30); // consultant time does not count
    await logTime(p1, a.careManager.id, '2025-02-01T04:30:00Z', 60); // 23:30 on 31 Jan in New York: 30 + 30

    p2 = await createPatient(t.db, a, { enrolledOn: '2025-01-15' });
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = '2025-02-10', discharge_reason = 'completed_treatment' WHERE id = $1`,
      [p2.episodeId],
    );
    await logTime(p2, a.careManager.id, '2025-02-05T15:00:00Z', 40);
    await logTime(p2, a.careManager.id, '2025-02-12T15:00:00Z', 40);

    p3 = await createPatient(t.db, a, { status: 'referred', enrolledOn: '2025-01-02' });
    await logTime(p3, a.careManager.id, '2025-01-20T15:00:00Z', 45);

    p4 = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id, enrolledOn: '2024-12-01' });
    await logTime(p4, a.otherCareManager.id, '2025-01-08T15:00:00Z', 35);

    const first = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id, enrolledOn: '2024-09-02' });
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = '2024-12-15', discharge_reason = 'completed_treatment' WHERE id = $1`,
      [first.episodeId],
    );
    const [resumed] = await t.db.query(
      `INSERT INTO episode (clinic_id, patient_id, status, referred_on, consent_on, enrolled_on, activated_on,
         care_manager_id, consultant_id, billing_pcp_id, diagnoses)
       SELECT clinic_id, patient_id, 'active', '2025-03-03', '2025-03-03', '2025-03-03', '2025-03-03',
         care_manager_id, consultant_id, billing_pcp_id, diagnoses FROM episode WHERE id = $1 RETURNING id`,
      [first.episodeId],
    );
    p5 = { patientId: first.patientId, episodeId: resumed.id };
    await logTime(p5, a.otherCareManager.id, '2025-03-10T15:00:00Z', 40);

    const elsewhere = await createPatient(t.db, b, { enrolledOn: '2025-01-15' });
    await logTime(elsewhere, b.careManager.id, '2025-01-20T15:00:00Z', 50);
  });
  afterAll(() => t.close());

  const patientMonth = (patientId: string, month: string, auth = a.careManager.auth) =>
    http.get(`/api/patients/${patientId}/billing?month=${month}`, auth);

  describe('GET /api/patients/:id/billing', () => {
    it('counts care-manager minutes inside consent … discharge, merging one person’s overlaps', async () => {
      const jan = await patientMonth(p1.patientId, '2025-01').expect(200);
      expect(jan.body).toMatchObject({
        patientId: p1.patientId,
        episodeId: p1.episodeId,
        month: '2025-01',
        timeZone: 'America/New_York',
        countableMinutes: 86,
        loggedMinutes: 176,
        isFirstMonth: true,
        withinEpisode: true,
        baseMinutes: 70,
        lines: [
          { code: '99492', units: 1 },
          { code: '99494', units: 1 },
        ],
        eligibleCodes: ['99492', '99494'],
        nextThreshold: { code: '99494', atMinutes: 116, minutesNeeded: 30 },
      });

      const feb = await patientMonth(p1.patientId, '2025-02').expect(200);
      expect(feb.body).toMatchObject({
        countableMinutes: 30,
        isFirstMonth: false,
        lines: [{ code: 'G2214', units: 1 }],
        nextThreshold: { code: '99493', atMinutes: 31, minutesNeeded: 1 },
      });

      const discharged = await patientMonth(p2.patientId, '2025-02').expect(200);
      expect(discharged.body).toMatchObject({ countableMinutes: 40, lines: [{ code: '99493', units: 1 }] });
    });

    it('bills the first month of an episode resumed under 6 months after a discharge as a later month', async () => {
      const march = await patientMonth(p5.patientId, '2025-03', a.otherCareManager.auth).expect(200);
      expect(march.body).toMatchObject({
        episodeId: p5.episodeId,
        countableMinutes: 40,
        isFirstMonth: false,
        baseMinutes: 60,
        lines: [{ code: '99493', units: 1 }],
      });
    });

    it('answers months outside any consented episode with no codes', async () => {
      const before = await patientMonth(p1.patientId, '2024-12').expect(200);
      expect(before.body).toMatchObject({
        episodeId: null,
        withinEpisode: false,
        countableMinutes: 0,
        lines: [],
        nextThreshold: null,
      });
      const referred = await patientMonth(p3.patientId, '2025-01').expect(200);
      expect(referred.body).toMatchObject({
        episodeId: null,
        withinEpisode: false,
        countableMinutes: 0,
        loggedMinutes: 45,
      });
    });

    it('is audited, scoped (404) and validated (400 naming month)', async () => {
      await patientMonth(p1.patientId, '2025-03', a.consultant.auth).expect(200);
      const audit = (await auditRows(t, a.clinicId, 'billing.patient.read')).filter(
        (r) => r.actor_id === a.consultant.id,
      );
      expect(audit).toEqual([expect.objectContaining({ patient_id: p1.patientId, details: { month: '2025-03' } })]);
      await patientMonth(p1.patientId, '2025-01', b.careManager.auth).expect(404);
      await patientMonth(p4.patientId, '2025-01').expect(404);
      await patientMonth(p1.patientId, '2025-01', a.leadership.auth).expect(403);
      for (const month of ['2025-13', '2025-1', 'January', '']) {
        const res = await patientMonth(p1.patientId, month).expect(400);
        expect(JSON.stringify(res.body.message)).toContain('month');
      }
    });
  });

  describe('GET /api/billing/monthly', () => {
    const monthly = async (
      month: string,
      auth: string,
    ): Promise<{ rows: Map<string, MonthlyRow>; body: Record<string, unknown> }> => {
      const res = await http.get(`/api/billing/monthly?month=${month}`, auth).expect(200);
      return { rows: new Map(res.body.patients.map((row: MonthlyRow) => [row.patientId, row])), body: res.body };
    };

    it("reports every consented patient in the caller's scope, minutes aggregated in SQL", async () => {
      const { rows, body } = await monthly('2025-01', a.careManager.auth);
      expect([...rows.keys()].sort()).toEqual([p1.patientId, p2.patientId].sort());
      expect(rows.get(p1.patientId)).toMatchObject({
        countableMinutes: 86,
        isFirstMonth: true,
        lines: [
          { code: '99492', units: 1 },
          { code: '99494', units: 1 },
        ],
      });
      expect(rows.get(p2.patientId)).toMatchObject({ countableMinutes: 0, lines: [] });
      expect(body['totals']).toEqual({ patients: 2, billablePatients: 1, units: { '99492': 1, '99494': 1 } });

      const consultant = await monthly('2025-01', a.consultant.auth);
      expect([...consultant.rows.keys()].sort()).toEqual([p1.patientId, p2.patientId, p4.patientId].sort());
      expect(consultant.rows.get(p4.patientId)).toMatchObject({
        countableMinutes: 35,
        isFirstMonth: false,
        lines: [{ code: '99493', units: 1 }],
      });
      const other = await monthly('2025-01', b.careManager.auth);
      expect(other.rows.size).toBe(1);
    });

    it('agrees with the per-patient computation (libs/scoring on the raw entries) for every patient and month', async () => {
      for (const month of ['2024-12', '2025-01', '2025-02', '2025-03']) {
        const { rows } = await monthly(month, a.consultant.auth);
        for (const patient of [p1, p2, p4, p5]) {
          const single = await patientMonth(patient.patientId, month, a.consultant.auth).expect(200);
          const row = rows.get(patient.patientId);
          if (!single.body.withinEpisode) {
            expect(row).toBeUndefined();
            continue;
          }
          expect({
            month,
            minutes: must(row).countableMinutes,
            lines: must(row).lines,
            first: must(row).isFirstMonth,
          }).toEqual({
            month,
            minutes: single.body.countableMinutes,
            lines: single.body.lines,
            first: single.body.isFirstMonth,
          });
        }
      }
    });

    it('is audited with the patient ids, validated and refused to aggregate-only roles', async () => {
      await monthly('2025-02', a.careManager.auth);
      const [audit] = (await auditRows(t, a.clinicId, 'billing.monthly.read')).filter(
        (r) => r.actor_id === a.careManager.id && r.details['month'] === '2025-02',
      );
      expect(await patientsListed(t.db, must(audit).details)).toEqual(
        expect.arrayContaining([p1.patientId, p2.patientId]),
      );
      const res = await http.get('/api/billing/monthly', a.careManager.auth).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('month');
      await http.get('/api/billing/monthly?month=2025-01', a.leadership.auth).expect(403);
      await http.get('/api/billing/monthly?month=2025-01', a.admin.auth).expect(403);
    });
  });
});
