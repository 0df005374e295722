import type {
  BillingWorklist,
  CaseloadPage,
  OutcomeTrends,
  Page,
  PatientSummary,
  QualityMeasures,
} from '@huddle/shared-types';
import { EpisodeBuilder, patientsListed } from './builders';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, freezeClock, must, openRegistry } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';

/** Issue #11 item 9: billing worklist, partial month and empty measures for leadership; the PCP's list. */
describe('leadership and PCP (issue #11 item 9)', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  async function logTime(episodeId: string, staffId: string, at: string, minutes: number): Promise<void> {
    await t.db.query(
      `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
       SELECT clinic_id, patient_id, id, $2, 'follow_up', 'phone', $3, $4 FROM episode WHERE id = $1`,
      [episodeId, staffId, at, minutes],
    );
  }

  describe('GET /api/billing/worklist and /api/billing/worklist.csv', () => {
    let billable: { patientId: string; episodeId: string };
    let below: { patientId: string; episodeId: string };
    let none: { patientId: string; episodeId: string };
    let noPcp: { patientId: string; episodeId: string };
    let elsewhere: { patientId: string; episodeId: string };

    beforeAll(async () => {
      billable = await createPatient(t.db, a, { enrolledOn: '2026-01-05' });
      // Spreadsheet-hostile name: a quote, a comma and a leading "=".
      await t.db.query(`UPDATE patient SET family_name = 'O"Brien, Jr', given_name = '=Ann' WHERE id = $1`, [
        billable.patientId,
      ]);
      await logTime(billable.episodeId, a.careManager.id, '2026-02-10T15:00:00Z', 40);
      below = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id, enrolledOn: '2026-01-05' });
      await logTime(below.episodeId, a.otherCareManager.id, '2026-02-11T15:00:00Z', 10);
      none = await createPatient(t.db, a, { enrolledOn: '2026-01-05' });
      noPcp = await createPatient(t.db, a, { enrolledOn: '2026-01-05', pcpId: null });
      await logTime(noPcp.episodeId, a.careManager.id, '2026-02-12T15:00:00Z', 35);
      elsewhere = await createPatient(t.db, b, { enrolledOn: '2026-01-05' });
      await logTime(elsewhere.episodeId, b.careManager.id, '2026-02-10T15:00:00Z', 50);
    });

    it('lists every patient of the clinic with care team, minutes, codes and why one is not billable', async () => {
      const res = await http.get('/api/billing/worklist?month=2026-02', a.leadership.auth).expect(200);
      const body = res.body as BillingWorklist;
      expect(res.headers['cache-control']).toBe('no-store');
      expect(body.month).toBe('2026-02');
      expect(body.timeZone).toBe('America/New_York');
      const rows = new Map(body.patients.map((p) => [p.patientId, p]));
      expect([...rows.keys()].sort()).toEqual(
        [billable.patientId, below.patientId, none.patientId, noPcp.patientId].sort(),
      );
      expect(rows.get(billable.patientId)).toMatchObject({
        familyName: 'O"Brien, Jr',
        careManager: a.careManager.displayName,
        billingPcp: a.pcp.displayName,
        minutes: 40,
        isFirstMonth: false,
        lines: [{ code: '99493', units: 1 }],
        billable: true,
        notBillableReason: null,
      });
      expect(rows.get(below.patientId)).toMatchObject({
        careManager: a.otherCareManager.displayName,
        minutes: 10,
        lines: [],
        billable: false,
        notBillableReason: 'BELOW_THRESHOLD',
        notBillableText: '10 minutes; G2214 needs 16',
      });
      expect(rows.get(none.patientId)).toMatchObject({ minutes: 0, notBillableReason: 'NO_MINUTES' });
      expect(rows.get(noPcp.patientId)).toMatchObject({
        minutes: 35,
        billingPcp: null,
        lines: [],
        billable: false,
        notBillableReason: 'NO_BILLING_PRACTITIONER',
      });
      expect(body.totals).toEqual({ patients: 4, billablePatients: 1, minutes: 85, units: { '99493': 1 } });

      const [audit] = (await auditRows(t, a.clinicId, 'billing.worklist.read')).filter(
        (r) => r.actor_id === a.leadership.id,
      );
      expect(must(audit).details).toMatchObject({ month: '2026-02', format: 'json', patients: 4 });
      expect((await patientsListed(t.db, must(audit).details)).sort()).toEqual([...rows.keys()].sort());
    });

    it('downloads as escaped CSV with a header row, audited as an export of the patients listed', async () => {
      const res = await http.get('/api/billing/worklist.csv?month=2026-02', a.leadership.auth).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="cocm-billing-2026-02.csv"');
      expect(res.headers['cache-control']).toBe('no-store');
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(
        'Month,Family name,Given name,MRN,Care manager,Billing PCP,First month,Minutes,99492 units,99493 units,99494 units,G2214 units,Billable,Not billable because',
      );
      expect(lines).toHaveLength(1 + 4 + 1); // header, 4 patients, final CRLF
      const mrn = must((await t.db.query('SELECT mrn FROM patient WHERE id = $1', [billable.patientId]))[0]).mrn;
      expect(lines).toContain(
        `2026-02,"O""Brien, Jr",'=Ann,${mrn},${a.careManager.displayName},${a.pcp.displayName},no,40,0,1,0,0,yes,`,
      );
      expect(lines.some((l) => l.endsWith(',no,10 minutes; G2214 needs 16'))).toBe(true);
      const exports = (await auditRows(t, a.clinicId, 'billing.worklist.export')).filter(
        (r) => r.actor_id === a.leadership.id,
      );
      expect(exports).toHaveLength(1);
      expect(await patientsListed(t.db, must(exports[0]).details)).toHaveLength(4);
    });

    it("never lists another clinic's patients", async () => {
      const res = await http.get('/api/billing/worklist?month=2026-02', b.leadership.auth).expect(200);
      expect((res.body as BillingWorklist).patients.map((p) => p.patientId)).toEqual([elsewhere.patientId]);
      const csv = await http.get('/api/billing/worklist.csv?month=2026-02', b.leadership.auth).expect(200);
      expect(csv.text).not.toContain('Brien');
    });

    it('is leadership-only: care manager, consultant, PCP and admin get 403 and nothing is audited as read', async () => {
      for (const who of [a.careManager, a.consultant, a.pcp, a.admin]) {
        await http.get('/api/billing/worklist?month=2026-02', who.auth).expect(403);
        await http.get('/api/billing/worklist.csv?month=2026-02', who.auth).expect(403);
        const reads = (await auditRows(t, a.clinicId)).filter(
          (r) => r.actor_id === who.id && r.action.startsWith('billing.worklist') && r.outcome === 'success',
        );
        expect(reads).toEqual([]);
      }
    });

    it('answers 400 naming month for a missing or malformed month', async () => {
      for (const query of ['', '?month=2026-13', '?month=Feb', '?month=2026-02&extra=1']) {
        const res = await http.get(`/api/billing/worklist${query}`, a.leadership.auth).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(query.includes('extra') ? /extra/ : /month/);
        await http.get(`/api/billing/worklist.csv${query}`, a.leadership.auth).expect(400);
      }
    });
  });

  describe('GET /api/outcomes/trends: the partial month', () => {
    it('ends with the last complete month by default and labels the current one (clinic today 16 Mar 2026)', async () => {
      const res = await http.get('/api/outcomes/trends?months=3', a.leadership.auth).expect(200);
      const body = res.body as OutcomeTrends;
      expect(body.months).toEqual(['2025-12', '2026-01', '2026-02']);
      expect(body.lastCompleteMonth).toBe('2026-02');
      expect(body.lastCompleteMonthEnd).toBe('2026-02-28');
      expect(body.partialMonth).toEqual({
        month: '2026-03',
        throughDate: '2026-03-16',
        daysElapsed: 16,
        daysInMonth: 31,
        included: false,
      });
      for (const s of body.series) expect(s.points.map((p) => p.month)).toEqual(body.months);
    });

    it('includes the partial month when asked', async () => {
      const res = await http.get('/api/outcomes/trends?months=3&includePartialMonth=true', a.leadership.auth);
      const body = res.body as OutcomeTrends;
      expect(body.months).toEqual(['2026-01', '2026-02', '2026-03']);
      expect(body.partialMonth.included).toBe(true);
    });

    it('validates includePartialMonth (400 naming it) and stays leadership-only (403)', async () => {
      const res = await http.get('/api/outcomes/trends?includePartialMonth=yes', a.leadership.auth).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('includePartialMonth');
      await http.get('/api/outcomes/trends', a.pcp.auth).expect(403);
      await http.get('/api/outcomes/trends', a.careManager.auth).expect(403);
    });
  });

  describe('GET /api/outcomes/quality: a measure nobody qualifies for says why', () => {
    it('names the condition that left everyone out, from no index score to the exclusion', async () => {
      const clinic = await createClinic(t);
      const cms159 = async (asOf: string) => {
        const res = await http.get(`/api/outcomes/quality?asOf=${asOf}`, clinic.leadership.auth).expect(200);
        const measure = must(
          (res.body as QualityMeasures).measures.find((m) => m.measureId === 'CMS159_REMISSION_12M'),
        );
        expect(measure.denominator).toBe(0);
        return measure.emptyReason;
      };
      // asOf 2026-03-16: CMS159's index period is 17 Jan 2024 – 16 Jan 2025.
      expect(await cms159('2026-03-16')).toMatchObject({ code: 'NO_INDEX_EVENT', patientsScored: 0, indexAbove: 9 });

      const mild = await EpisodeBuilder.create(t.db, clinic, { enrolledOn: '2024-05-01' });
      await mild.score('PHQ9', '2024-06-01', 7);
      // (A different asOf each step: aggregates are cached per asOf until the clinic's data changes.)
      expect(await cms159('2026-03-15')).toMatchObject({
        code: 'NO_INDEX_EVENT',
        patientsScored: 1,
        patientsWithIndexScore: 0,
      });

      const anxious = await EpisodeBuilder.create(t.db, clinic, { enrolledOn: '2024-05-01' });
      await t.db.query(`UPDATE episode SET diagnoses = '{F41.1}' WHERE id = $1`, [anxious.episodeId]);
      await anxious.score('PHQ9', '2024-06-01', 15);
      expect(await cms159('2026-03-14')).toMatchObject({
        code: 'NO_DEPRESSION_DIAGNOSIS',
        patientsScored: 2,
        patientsWithIndexScore: 1,
        patientsWithDiagnosis: 0,
      });

      await t.db.query(`UPDATE episode SET diagnoses = '{F32.1,F31.0}' WHERE id = $1`, [anxious.episodeId]);
      expect(await cms159('2026-03-13')).toMatchObject({
        code: 'EXCLUDED',
        patientsWithDiagnosis: 1,
        patientsExcluded: 1,
      });

      // A measure with patients carries no reason.
      const counted = await http.get('/api/outcomes/quality?asOf=2026-03-13', clinic.leadership.auth).expect(200);
      const drr = (counted.body as QualityMeasures).measures.filter((m) => m.denominator > 0);
      for (const m of drr) expect(m.emptyReason).toBeNull();
    });
  });

  describe('GET /api/patients: latest PHQ-9/GAD-7 and flags for the PCP', () => {
    it('shows each patient’s latest scores, change from baseline and the caseload’s flags, in one page', async () => {
      const improving = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-01-05' });
      await improving.named('Iris', 'Aaa-Improving');
      await improving.score('PHQ9', '2026-01-05', 18);
      await improving.score('PHQ9', '2026-03-02', 8);
      await improving.score('GAD7', '2026-01-05', 12);
      await improving.score('GAD7', '2026-03-02', 6);
      await improving.contact('2026-03-02T15:00:00Z', 30);
      const unsafe = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-01-05' });
      await unsafe.named('Sam', 'Aaa-Safety');
      await unsafe.score('PHQ9', '2026-03-10', 16, { item9: 2 });
      const discharged = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2025-06-01' });
      await discharged.named('Dee', 'Aaa-Discharged');
      await t.db.query(
        `UPDATE episode SET status = 'discharged', discharged_on = '2026-01-01', discharge_reason = 'completed_treatment' WHERE id = $1`,
        [discharged.episodeId],
      );

      const res = await http.get('/api/patients?search=Aaa-&pageSize=50', a.pcp.auth).expect(200);
      const page = res.body as Page<PatientSummary>;
      const byId = new Map(page.items.map((p) => [p.id, p]));
      expect(byId.get(improving.patientId)?.clinical).toMatchObject({
        phq9: {
          baseline: { date: '2026-01-05', total: 18 },
          latest: { date: '2026-03-02', total: 8 },
          percentChange: expect.closeTo(-55.6, 0),
        },
        gad7: { baseline: { total: 12 }, latest: { total: 6 } },
      });
      const safety = must(byId.get(unsafe.patientId)?.clinical);
      expect(safety.flags[0]).toMatchObject({ code: 'SAFETY', severity: 'critical' });
      expect(byId.get(discharged.patientId)?.clinical).toBeNull();

      // The same flags, in the same order, as the care manager's caseload shows.
      const caseload = await http.get('/api/caseload?pageSize=100', a.careManager.auth).expect(200);
      const rows = (caseload.body as CaseloadPage).items.filter((r) =>
        [improving.patientId, unsafe.patientId].includes(r.patientId),
      );
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(byId.get(row.patientId)?.clinical?.flags).toEqual(row.flags);
        expect(byId.get(row.patientId)?.clinical?.phq9).toEqual(row.phq9);
      }

      // Another clinic's PCP sees none of them.
      const other = await http.get('/api/patients?search=Aaa-', b.pcp.auth).expect(200);
      expect((other.body as Page<PatientSummary>).items).toEqual([]);
      // The list read is audited with the patients shown.
      const audits = (await auditRows(t, a.clinicId, 'patient.list')).filter((r) => r.actor_id === a.pcp.id);
      expect((await patientsListed(t.db, must(audits.at(-1)).details)).sort()).toEqual([...byId.keys()].sort());
    });
  });
});

describe('outcomes: the month boundary is the clinic’s', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('at 23:00 on 31 March in New York (04:00 UTC on 1 April) March is still the partial month', async () => {
    t = await createTestApp();
    freezeClock(t, '2026-04-01T03:00:00.000Z');
    const clinic = await createClinic(t);
    const res = await api(t).get('/api/outcomes/trends?months=2', clinic.leadership.auth).expect(200);
    const body = res.body as OutcomeTrends;
    expect(body.partialMonth).toMatchObject({ month: '2026-03', daysElapsed: 31, daysInMonth: 31 });
    expect(body.months).toEqual(['2026-01', '2026-02']);
  });
});
