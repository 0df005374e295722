import {
  computeConsultationRate,
  computeMonthlyContactWithScaleRate,
  SCORING_CONSTANTS,
  THRESHOLD_BOUNDS,
} from '@huddle/scoring';
import type { CaseloadPage, OutcomeTrends, PatientMonthlyBilling, ProgramMetrics } from '@huddle/shared-types';
import { GENERATED_FUNCTIONS } from '../src/app/database/migrations/1764000014000-scoring-constants';
import { EpisodeBuilder } from './builders';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, freezeClock, must, TODAY } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';

/**
 * Issue #12, fixes 1–6 and "one definition of each rule's inputs": each case reproduces what the
 * issue reported (it failed before the fix) and requires the API to agree with libs/scoring.
 */
describe('issue #12: SQL figures agree with libs/scoring', () => {
  let t: TestApp;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t);
    http = api(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function logTime(episodeId: string, staffId: string, at: string, minutes: number): Promise<void> {
    await t.db.query(
      `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
       SELECT clinic_id, patient_id, id, $2, 'follow_up', 'phone', $3, $4 FROM episode WHERE id = $1`,
      [episodeId, staffId, at, minutes],
    );
  }

  describe('1. CoCM initiating month is the first month of care on/after consent', () => {
    let a: ClinicFixture;
    let b: ClinicFixture;
    let episode: { patientId: string; episodeId: string };

    beforeAll(async () => {
      a = await createClinic(t);
      b = await createClinic(t);
      episode = await createPatient(t.db, a, { enrolledOn: '2025-11-03' });
      await t.db.query(`UPDATE episode SET referred_on = '2025-10-20', consent_on = '2025-10-30' WHERE id = $1`, [
        episode.episodeId,
      ]);
      // 40 minutes in each month (New York): 31 Oct 10:00 and 10 Nov 10:00 local.
      await logTime(episode.episodeId, a.careManager.id, '2025-10-31T14:00:00Z', 40);
      await logTime(episode.episodeId, a.careManager.id, '2025-11-10T15:00:00Z', 40);
    });

    it('consent 30 Oct, enrolment 3 Nov, 40 minutes each month: October 99492, November 99493', async () => {
      const month = async (m: string): Promise<PatientMonthlyBilling> =>
        (await http.get(`/api/patients/${episode.patientId}/billing?month=${m}`, a.careManager.auth).expect(200))
          .body as PatientMonthlyBilling;
      const october = await month('2025-10');
      const november = await month('2025-11');
      expect([october.isFirstMonth, october.eligibleCodes]).toEqual([true, ['99492']]);
      expect([november.isFirstMonth, november.eligibleCodes]).toEqual([false, ['99493']]);

      const monthly = await http.get('/api/billing/monthly?month=2025-10', a.careManager.auth).expect(200);
      const row = must(
        (monthly.body.patients as Array<{ patientId: string; lines: unknown[] }>).find(
          (p) => p.patientId === episode.patientId,
        ),
      );
      expect(row.lines).toEqual([{ code: '99492', units: 1 }]);

      const summary = async (m: string): Promise<Record<string, number>> => {
        const res = await http.get(`/api/outcomes/billing?month=${m}`, a.leadership.auth).expect(200);
        return Object.fromEntries(
          (res.body.codes as Array<{ code: string; patients: number }>).map((c) => [c.code, c.patients]),
        );
      };
      expect(await summary('2025-10')).toMatchObject({ '99492': 1, '99493': 0 });
      expect(await summary('2025-11')).toMatchObject({ '99492': 0, '99493': 1 });
    });

    it('stays scoped, validated, role-checked and audited', async () => {
      const path = `/api/patients/${episode.patientId}/billing`;
      const bad = await http.get(`${path}?month=2025-13`, a.careManager.auth).expect(400);
      expect(JSON.stringify(bad.body)).toContain('month');
      await http.get(`${path}?month=2025-10`, b.careManager.auth).expect(404);
      await http.get(`/api/outcomes/billing?month=2025-10`, a.careManager.auth).expect(403);
      const audit = await auditRows(t, a.clinicId, 'billing.patient.read');
      expect(audit.some((r) => r.patient_id === episode.patientId && r.details['month'] === '2025-10')).toBe(true);
    });
  });

  describe('2. outcome trends need a follow-up score and an enrolment', () => {
    it('a baseline alone, however low, and a referred patient are not measured', async () => {
      const a = await createClinic(t);
      // Enrolled, baseline only (3 would have counted as remission and improved).
      const baselineOnly = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-01-10' });
      await baselineOnly.score('PHQ9', '2026-02-02', 3);
      // Referred, never enrolled, two scores.
      const referred = await EpisodeBuilder.create(t.db, a, { status: 'referred', enrolledOn: '2026-01-05' });
      await referred.score('PHQ9', '2026-01-06', 20);
      await referred.score('PHQ9', '2026-02-03', 4);
      // Measured: baseline 20 in January, 8 in February (response, improved, not remission).
      const measured = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-01-10' });
      await measured.score('PHQ9', '2026-01-10', 20);
      await measured.score('PHQ9', '2026-02-12', 8);

      const res = await http.get('/api/outcomes/trends?months=2', a.leadership.auth).expect(200);
      const clinic = must((res.body as OutcomeTrends).series.find((s) => s.careManagerId === null));
      const point = (month: string) => must(clinic.points.find((p) => p.month === month));
      expect(point('2026-01').measured).toBe(0);
      expect(point('2026-02')).toMatchObject({
        measured: 1,
        response: { numerator: 1 },
        remission: { numerator: 0 },
        improved: { numerator: 1 },
      });
    });
  });

  describe('3–5. program metrics', () => {
    let a: ClinicFixture;
    beforeAll(async () => {
      a = await createClinic(t);
    });

    it('3. the consultation-rate denominator is computeConsultationRate’s (baseline-only patients count)', async () => {
      // Enrolled 90 days before today, one score of 7: not improved (no follow-up), so due a review.
      const baselineOnly = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2025-12-16' });
      await baselineOnly.score('PHQ9', '2025-12-16', 7);
      // Improved (20 → 6): left out. Not improved and reviewed 10 days ago: counted and met.
      const improved = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2025-12-16' });
      await improved.score('PHQ9', '2025-12-16', 20);
      await improved.score('PHQ9', '2026-03-01', 6);
      const reviewed = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2025-12-16' });
      await reviewed.score('PHQ9', '2025-12-16', 20);
      await reviewed.score('PHQ9', '2026-03-01', 18);
      await reviewed.review('2026-03-06T15:00:00Z', '2026-03-02');

      const res = await http.get(`/api/outcomes/program?asOf=${TODAY}`, a.leadership.auth).expect(200);
      const reference = computeConsultationRate(
        [
          { patientId: 'baseline-only', enrolledAt: '2025-12-16', scores: [{ date: '2025-12-16', total: 7 }] },
          {
            patientId: 'improved',
            enrolledAt: '2025-12-16',
            scores: [
              { date: '2025-12-16', total: 20 },
              { date: '2026-03-01', total: 6 },
            ],
          },
          {
            patientId: 'reviewed',
            enrolledAt: '2025-12-16',
            scores: [
              { date: '2025-12-16', total: 20 },
              { date: '2026-03-01', total: 18 },
            ],
            consultantReviewDates: ['2026-03-06'],
          },
        ],
        { asOf: TODAY },
      );
      expect(reference).toMatchObject({ numerator: 1, denominator: 2 });
      expect((res.body as ProgramMetrics).consultationRate).toMatchObject({ numerator: 1, denominator: 2 });
    });

    it('4. one caseload capacity: floor(clinic capacity × FTE), active statuses, in the caseload and the program', async () => {
      const c = await createClinic(t);
      await t.db.query(`UPDATE staff_user SET fte = 0.5 WHERE id = $1`, [c.careManager.id]);
      await http
        .patch('/api/clinics/current', c.admin.auth, { version: 1, flagThresholds: { caseloadCapacity: 61 } })
        .expect(200);
      await createPatient(t.db, c, { status: 'referred' });
      await createPatient(t.db, c);
      await createPatient(t.db, c, { status: 'relapse_prevention' });

      const caseload = (await http.get('/api/caseload', c.careManager.auth).expect(200)).body as CaseloadPage;
      expect(caseload.capacity).toMatchObject({ activePatients: 2, fte: 0.5, capacity: 30 });
      const program = (await http.get('/api/outcomes/program', c.leadership.auth).expect(200)).body as ProgramMetrics;
      expect(must(program.caseloads.find((x) => x.careManagerId === c.careManager.id))).toMatchObject({
        openEpisodes: 2,
        capacity: 30,
        overCapacity: false,
      });
    });

    it('5. the contact-with-scale month is bounded in the clinic’s time zone', async () => {
      const c = await createClinic(t); // America/New_York
      // 28 Feb 22:30 in New York (1 March UTC), scale on 27 Feb: February's, not March's.
      const february = await EpisodeBuilder.create(t.db, c, { enrolledOn: '2026-01-05' });
      await february.contact('2026-03-01T03:30:00Z', 20);
      await february.score('PHQ9', '2026-02-27', 12);
      // 31 March 22:00 in New York (1 April UTC), scale on 31 March: March's, not April's.
      const march = await EpisodeBuilder.create(t.db, c, { enrolledOn: '2026-01-05' });
      await march.contact('2026-04-01T02:00:00Z', 20);
      await march.score('PHQ9', '2026-03-31', 12);

      const patients = [
        {
          patientId: 'february',
          enrolledAt: '2026-01-05',
          scores: [],
          contacts: [{ date: '2026-02-28', withCompletedScale: true }],
        },
        {
          patientId: 'march',
          enrolledAt: '2026-01-05',
          scores: [],
          contacts: [{ date: '2026-03-31', withCompletedScale: true }],
        },
      ];
      for (const asOf of ['2026-02-28', '2026-03-31']) {
        const reference = computeMonthlyContactWithScaleRate(patients, { month: asOf.slice(0, 7) });
        expect(reference).toMatchObject({ numerator: 1, denominator: 2 });
        const res = await http.get(`/api/outcomes/program?asOf=${asOf}`, c.leadership.auth).expect(200);
        expect([asOf, (res.body as ProgramMetrics).monthlyContactWithScale]).toEqual([
          asOf,
          expect.objectContaining({ numerator: reference.numerator, denominator: reference.denominator }),
        ]);
      }
    });
  });

  describe('6. threshold bounds', () => {
    it('PATCH with baselineLookbackDays 100000000 answers 400 naming the field and changes nothing', async () => {
      const a = await createClinic(t);
      const before = await clinicFootprint(t, a.clinicId);
      const res = await http
        .patch('/api/clinics/current', a.admin.auth, {
          version: 1,
          flagThresholds: { baselineLookbackDays: 100_000_000 },
        })
        .expect(400);
      expect(JSON.stringify(res.body)).toContain('flagThresholds.baselineLookbackDays');
      expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
      expect(await auditRows(t, a.clinicId, 'clinic.update')).toHaveLength(0);
    });

    it.each(Object.entries(THRESHOLD_BOUNDS))(
      '%s: max accepted, max + 1 refused (400 naming it)',
      async (key, bounds) => {
        const a = await createClinic(t);
        const extra = key === 'notImprovingEarlyWeeks' ? { notImprovingWeeks: bounds.max } : {};
        await http
          .patch('/api/clinics/current', a.pcp.auth, { version: 1, flagThresholds: { [key]: bounds.max } })
          .expect(403);
        const refused = await http
          .patch('/api/clinics/current', a.admin.auth, {
            version: 1,
            flagThresholds: { ...extra, [key]: bounds.max + 1 },
          })
          .expect(400);
        expect(JSON.stringify(refused.body)).toContain(key);
        const ok = await http
          .patch('/api/clinics/current', a.admin.auth, { version: 1, flagThresholds: { ...extra, [key]: bounds.max } })
          .expect(200);
        expect(ok.body.flagThresholds[key]).toBe(bounds.max);
        const audit = await auditRows(t, a.clinicId, 'clinic.update');
        expect(audit).toHaveLength(1);
        expect(audit[0]?.details['thresholds']).toEqual(expect.arrayContaining([key]));
      },
    );

    it('a stored value out of bounds cannot make caseload, agenda, flags or review summary fail', async () => {
      const a = await createClinic(t);
      const patient = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-01-05' });
      await patient.score('PHQ9', '2026-01-05', 18);
      await patient.score('PHQ9', '2026-03-02', 16);
      // Written around the API (or before the bounds existed).
      await t.db.query(
        `UPDATE clinic SET flag_thresholds = '{"baselineLookbackDays": 100000000, "caseloadCapacity": -3,
           "noContactDays": "soon", "notImprovingEarlyWeeks": 40, "notImprovingWeeks": 10}'::jsonb WHERE id = $1`,
        [a.clinicId],
      );
      const caseload = await http.get('/api/caseload', a.careManager.auth).expect(200);
      expect((caseload.body as CaseloadPage).capacity.capacity).toBe(THRESHOLD_BOUNDS.caseloadCapacity.min);
      await http.get('/api/review/agenda', a.consultant.auth).expect(200);
      await http.get(`/api/patients/${patient.patientId}/flags`, a.careManager.auth).expect(200);
      await http.get(`/api/review/patients/${patient.patientId}/summary`, a.consultant.auth).expect(200);
      const settings = await http.get('/api/clinics/current', a.admin.auth).expect(200);
      expect(settings.body.flagThresholds).toMatchObject({
        baselineLookbackDays: THRESHOLD_BOUNDS.baselineLookbackDays.max,
        noContactDays: 30,
        notImprovingEarlyWeeks: 10,
      });
    });
  });

  describe('7. one definition of the rules’ inputs', () => {
    it('the database holds libs/scoring’s constants (fails when they drift: write a migration)', async () => {
      const [row] = await t.db.query(`SELECT scoring_constants() AS constants`);
      expect(row.constants).toEqual(JSON.parse(JSON.stringify(SCORING_CONSTANTS)));
    });

    it('every generated SQL function is what the current library generates', async () => {
      const generated = GENERATED_FUNCTIONS().map((sql) => {
        const name = must(/FUNCTION (\w+)\(/.exec(sql))[1];
        const body = must(/\$\$([\s\S]*)\$\$/.exec(sql))[1];
        return { name, body };
      });
      expect(generated.map((g) => g.name)).toEqual(
        expect.arrayContaining(['scoring_constants', 'episode_window_scores', 'clinic_baseline_lookback']),
      );
      for (const { name, body } of generated) {
        const rows: Array<{ prosrc: string }> = await t.db.query(`SELECT prosrc FROM pg_proc WHERE proname = $1`, [
          name,
        ]);
        expect(rows.map((r) => r.prosrc)).toEqual([body]);
      }
    });

    it('the episode summary and the read-time probes share the window functions (no literals left)', async () => {
      const [view] = await t.db.query(`SELECT pg_get_viewdef('episode_summary_source'::regclass) AS def`);
      expect(view.def).toContain('episode_window_scores');
      expect(view.def).not.toMatch(/'PHQ9'|'GAD7'|'PCL5'|\b14\b/);
    });

    it('the look-back in SQL is clamped like clampFlagThresholds', async () => {
      const cases: Array<[unknown, number]> = [
        [null, SCORING_CONSTANTS.baselineLookbackDays],
        [100_000_000, THRESHOLD_BOUNDS.baselineLookbackDays.max],
        [-5, THRESHOLD_BOUNDS.baselineLookbackDays.min],
        ['soon', SCORING_CONSTANTS.baselineLookbackDays],
        [20.6, 21],
      ];
      for (const [value, expected] of cases) {
        const [row] = await t.db.query(`SELECT clinic_baseline_lookback($1::jsonb) AS days`, [
          JSON.stringify(value === null ? {} : { baselineLookbackDays: value }),
        ]);
        expect([value, row.days]).toEqual([value, expected]);
      }
    });
  });
});
