import request from 'supertest';
import {
  addMonths,
  computeCbe1885Response,
  computeCms159Remission,
  computeConsultationRate,
  computeDrrEMeasures,
  computeImprovementRate,
  computeMonthlyBilling,
  episodeInitiatingDate,
  judgeMonthlyOutcome,
  NEW_EPISODE_GAP_MONTHS,
  type DepressionOutcomePatient,
} from '@huddle/scoring';
import type { BillingSummary, OutcomeTrends, ProgramMetrics, QualityMeasures } from '@huddle/shared-types';
import { SessionService } from '../src/app/auth/session.service';
import { OutcomesRepository } from '../src/app/outcomes/outcomes.repository';
import { seedDemoData } from '../src/app/seed/demo-seed';
import { must } from './builders';
import { createClinic } from './fixtures';
import { openScratchApp, type ScratchApp } from './scratch-database';
import type { TestApp } from './test-app';

/**
 * Leadership outcomes are SQL aggregates; libs/scoring is the reference. On the demo population,
 * both must give the same numerators and denominators.
 */
describe('outcomes (SQL) agree with libs/scoring on the demo population', () => {
  const asOf = '2026-11-23';
  let t: TestApp;
  let clinicId: string;
  let timezone: string;
  let auth: string;
  let app: ScratchApp | undefined;

  beforeAll(async () => {
    ({ t } = app = await openScratchApp());
    await seedDemoData(t.db, { asOf: new Date(`${asOf}T12:00:00Z`) });
    const [director] = await t.db.query(
      `SELECT s.id, s.clinic_id, s.display_name, c.timezone FROM staff_user s JOIN clinic c ON c.id = s.clinic_id
       WHERE s.role = 'leadership' ORDER BY c.name LIMIT 1`,
    );
    clinicId = director.clinic_id;
    timezone = director.timezone;
    const tokens = await t.app
      .get(SessionService)
      .open({ id: director.id, clinicId, role: 'leadership', displayName: director.display_name });
    auth = `Bearer ${tokens.accessToken}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  async function phq9ByEpisode(): Promise<Map<string, { date: string; total: number }[]>> {
    const rows: Array<{ episode_id: string; date: string; total: number }> = await t.db.query(
      `SELECT episode_id, to_char(administered_on, 'YYYY-MM-DD') AS date, total FROM assessment
       WHERE clinic_id = $1 AND instrument = 'PHQ9' AND complete ORDER BY administered_on, created_at`,
      [clinicId],
    );
    const map = new Map<string, { date: string; total: number }[]>();
    for (const r of rows) map.set(r.episode_id, [...(map.get(r.episode_id) ?? []), { date: r.date, total: r.total }]);
    return map;
  }

  async function openEpisodes(): Promise<Array<{ id: string; enrolled: string; discharged: string | null }>> {
    return t.db.query(
      `SELECT id, to_char(enrolled_on, 'YYYY-MM-DD') AS enrolled, to_char(discharged_on, 'YYYY-MM-DD') AS discharged
       FROM episode WHERE clinic_id = $1 AND enrolled_on <= $2 AND (discharged_on IS NULL OR discharged_on > $2)`,
      [clinicId, asOf],
    );
  }

  it('program metrics: improvement rate and consultation rate', async () => {
    const res = await request(t.app.getHttpServer())
      .get(`/api/outcomes/program?asOf=${asOf}`)
      .set('Authorization', auth)
      .expect(200);
    const body = res.body as ProgramMetrics;
    const scores = await phq9ByEpisode();
    const reviews: Array<{ episode_id: string; date: string }> = await t.db.query(
      `SELECT episode_id, to_char((reviewed_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS date FROM consultant_review WHERE clinic_id = $1`,
      [clinicId, timezone],
    );
    const patients = (await openEpisodes()).map((e) => ({
      patientId: e.id,
      enrolledAt: e.enrolled,
      dischargedAt: e.discharged,
      scores: scores.get(e.id) ?? [],
      consultantReviewDates: reviews.filter((r) => r.episode_id === e.id).map((r) => r.date),
    }));
    const improvement = computeImprovementRate(patients, { asOf });
    const consultation = computeConsultationRate(patients, { asOf });
    expect(improvement.denominator).toBeGreaterThan(10);
    expect(body.improvementRate).toMatchObject({
      numerator: improvement.numerator,
      denominator: improvement.denominator,
    });
    expect(body.consultationRate).toMatchObject({
      numerator: consultation.numerator,
      denominator: consultation.denominator,
    });
    expect(body.caseloads.length).toBeGreaterThan(0);
    expect(body.caseloads.reduce((n, c) => n + c.openEpisodes, 0)).toBe(patients.length);
  });

  it('program metrics: monthly contact with a scale and discharges, per episode', async () => {
    const repo = t.app.get(OutcomesRepository);
    const sql = await repo.programMetrics(clinicId, asOf, timezone);
    // Episodes overlapping the month (computeMonthlyContactWithScaleRate); the month in the clinic's zone.
    const open: Array<{ id: string }> = await t.db.query(
      `SELECT id FROM episode WHERE clinic_id = $1 AND enrolled_on IS NOT NULL
         AND enrolled_on <= (date_trunc('month', $2::date::timestamp) + interval '1 month' - interval '1 day')::date
         AND (discharged_on IS NULL OR discharged_on >= date_trunc('month', $2::date::timestamp)::date)`,
      [clinicId, asOf],
    );
    const [bounds] = await t.db.query(
      `SELECT date_trunc('month', $1::date::timestamp) AT TIME ZONE $2 AS "from",
         (date_trunc('month', $1::date::timestamp) + interval '1 month') AT TIME ZONE $2 AS "to"`,
      [asOf, timezone],
    );
    const [from, to] = [(bounds.from as Date).getTime(), (bounds.to as Date).getTime()];
    const month = asOf.slice(0, 7);
    const contacts: Array<{ episode_id: string; started_at: Date }> = await t.db.query(
      `SELECT episode_id, started_at FROM contact WHERE clinic_id = $1 AND completed
       AND type IN ('initial_assessment', 'follow_up', 'relapse_prevention')`,
      [clinicId],
    );
    const scales: Array<{ episode_id: string; date: string }> = await t.db.query(
      `SELECT episode_id, to_char(administered_on, 'YYYY-MM-DD') AS date FROM assessment WHERE clinic_id = $1 AND complete`,
      [clinicId],
    );
    const contacted = new Set(
      contacts.filter((c) => c.started_at.getTime() >= from && c.started_at.getTime() < to).map((c) => c.episode_id),
    );
    const scaled = new Set(scales.filter((a) => a.date.startsWith(month)).map((a) => a.episode_id));
    const withScale = open.filter((e) => contacted.has(e.id) && scaled.has(e.id)).length;
    expect(withScale).toBeGreaterThan(0);
    expect(sql).toMatchObject({ contactNumerator: withScale, contactDenominator: open.length });
    const discharged: Array<{ enrolled: string; discharged: string }> = await t.db.query(
      `SELECT to_char(enrolled_on, 'YYYY-MM-DD') AS enrolled, to_char(discharged_on, 'YYYY-MM-DD') AS discharged
       FROM episode WHERE clinic_id = $1 AND enrolled_on IS NOT NULL AND discharged_on BETWEEN $2::date - 365 AND $2::date`,
      [clinicId, asOf],
    );
    const days = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(sql.dischargedEpisodes).toBe(discharged.length);
    if (discharged.length > 0) {
      const mean = discharged.reduce((n, d) => n + days(d.enrolled, d.discharged), 0) / discharged.length;
      expect(sql.averageTreatmentDays).toBeCloseTo(mean, 6);
    }
  });

  it('quality measures: DRR-E, CMS159 and CBE 1885', async () => {
    const rows: Array<{ patient_id: string; diagnoses: string[]; date: string | null; total: number | null }> =
      await t.db.query(
        `SELECT p.id AS patient_id,
         (SELECT array_agg(DISTINCT d) FROM episode e, unnest(e.diagnoses) d WHERE e.patient_id = p.id) AS diagnoses,
         to_char(a.administered_on, 'YYYY-MM-DD') AS date, a.total
       FROM patient p LEFT JOIN assessment a ON a.patient_id = p.id AND a.instrument = 'PHQ9' AND a.complete
       WHERE p.clinic_id = $1 ORDER BY p.id, a.administered_on, a.created_at`,
        [clinicId],
      );
    const byPatient = new Map<string, DepressionOutcomePatient & { phq9Scores: { date: string; total: number }[] }>();
    for (const r of rows) {
      const dx = r.diagnoses ?? [];
      const p = byPatient.get(r.patient_id) ?? {
        patientId: r.patient_id,
        hasDepressionDiagnosis: dx.some((d) => d.startsWith('F32') || d.startsWith('F33') || d === 'F34.1'),
        exclusionReason: dx.some((d) => d.startsWith('F31')) ? 'bipolar disorder' : null,
        phq9Scores: [],
      };
      if (r.date !== null && r.total !== null) p.phq9Scores.push({ date: r.date, total: r.total });
      byPatient.set(r.patient_id, p);
    }
    const patients = [...byPatient.values()];
    const repo = t.app.get(OutcomesRepository);
    // A period covering the whole demo history, judged long after it (every window closed).
    const options = { indexPeriod: { start: '2025-11-01', end: '2026-11-23' }, asOf: '2028-06-01' };
    const sql = await repo.qualityMeasures(clinicId, options.indexPeriod.start, options.indexPeriod.end, options.asOf);
    const drr = computeDrrEMeasures(patients, options);
    const sqlDrr = sql.find((r) => r.measure === 'DRR_E');
    expect(sqlDrr).toMatchObject({
      denominator: drr.followUp.denominator,
      followUp: drr.followUp.numerator,
      response: drr.response.numerator,
      remission: drr.remission.numerator,
    });
    expect(drr.followUp.numerator).toBeGreaterThan(0);
    const sql12 = sql.find((r) => r.measure === '12M');
    expect(sql12).toMatchObject({
      denominator: computeCms159Remission(patients, options).denominator,
      remission: computeCms159Remission(patients, options).numerator,
      response: computeCbe1885Response(patients, options).numerator,
    });

    // The endpoint answers with aggregates only.
    const res = await request(t.app.getHttpServer())
      .get(`/api/outcomes/quality?asOf=${asOf}`)
      .set('Authorization', auth)
      .expect(200);
    const body = res.body as QualityMeasures;
    expect(body.measures.map((m) => m.measureId)).toEqual([
      'HEDIS_DRR_E_FOLLOW_UP',
      'HEDIS_DRR_E_RESPONSE',
      'HEDIS_DRR_E_REMISSION',
      'CMS159_REMISSION_12M',
      'CBE1885_RESPONSE_12M',
    ]);
    expect(JSON.stringify(body)).not.toMatch(/patientId|mrn|Name"/);
  });

  it('monthly trends: response, remission and improvement of the measured episodes', async () => {
    const res = await request(t.app.getHttpServer())
      .get('/api/outcomes/trends?months=6')
      .set('Authorization', auth)
      .expect(200);
    const body = res.body as OutcomeTrends;
    expect(body.months).toHaveLength(6);
    const clinicSeries = body.series.find((s) => s.careManagerId === null);
    expect(clinicSeries).toBeDefined();
    // Reference for one month: episodes with a PHQ-9 in it, judged on their last score of the month.
    const month = body.months[body.months.length - 2] as string;
    const monthEnd = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    const episodes: Array<{ id: string; enrolled: string | null; discharged: string | null }> = await t.db.query(
      `SELECT id, to_char(enrolled_on, 'YYYY-MM-DD') AS enrolled, to_char(discharged_on, 'YYYY-MM-DD') AS discharged
       FROM episode WHERE clinic_id = $1`,
      [clinicId],
    );
    const scores = await phq9ByEpisode();
    let measured = 0;
    let response = 0;
    let remission = 0;
    let improved = 0;
    expect(monthEnd.startsWith(month)).toBe(true);
    for (const e of episodes) {
      const outcome = judgeMonthlyOutcome(scores.get(e.id) ?? [], {
        enrolledAt: e.enrolled,
        dischargedAt: e.discharged,
        month,
      });
      if (!outcome) continue;
      measured++;
      if (outcome.response) response++;
      if (outcome.remission) remission++;
      if (outcome.improved) improved++;
    }
    const point = clinicSeries?.points.find((p) => p.month === month);
    expect(measured).toBeGreaterThan(0);
    expect(point).toMatchObject({
      measured,
      response: { numerator: response },
      remission: { numerator: remission },
      improved: { numerator: improved },
    });
    // Per-care-manager series add up to the clinic's.
    const perCm = body.series.filter((s) => s.careManagerId !== null);
    expect(perCm.reduce((n, s) => n + (s.points.find((p) => p.month === month)?.measured ?? 0), 0)).toBe(measured);
  });

  it('billing summary matches computeMonthlyBilling per episode', async () => {
    const month = asOf.slice(0, 7);
    // One patient discharged two months ago and enrolled again this month, with 40 care-manager
    // minutes: 99493, not an initial month's 99492.
    const [open] = await t.db.query(
      `SELECT id, care_manager_id FROM episode WHERE clinic_id = $1 AND discharged_on IS NULL AND care_manager_id IS NOT NULL
         AND consent_on < $2::date - 90
       ORDER BY id LIMIT 1`,
      [clinicId, asOf],
    );
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = $2::date - 60, discharge_reason = 'completed_treatment'
       WHERE id = $1`,
      [open.id, asOf],
    );
    const [resumed] = await t.db.query(
      `INSERT INTO episode (clinic_id, patient_id, status, referred_on, consent_on, enrolled_on, activated_on,
         care_manager_id, consultant_id, billing_pcp_id, diagnoses)
       SELECT clinic_id, patient_id, 'active', $2::date, $2::date, $2::date, $2::date,
         care_manager_id, consultant_id, billing_pcp_id, diagnoses FROM episode WHERE id = $1 RETURNING id`,
      [open.id, `${month}-02`],
    );
    await t.db.query(
      `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
       SELECT clinic_id, patient_id, id, $2, 'follow_up', 'phone', $3, 40 FROM episode WHERE id = $1`,
      [resumed.id, open.care_manager_id, `${month}-10T15:00:00Z`],
    );
    const res = await request(t.app.getHttpServer())
      .get(`/api/outcomes/billing?month=${month}`)
      .set('Authorization', auth)
      .expect(200);
    const body = res.body as BillingSummary;
    const episodes: Array<{
      id: string;
      patient: string;
      start: string;
      consent: string | null;
      discharged: string | null;
    }> = (
      await t.db.query(
        `SELECT id, patient_id AS patient, to_char(enrolled_on, 'YYYY-MM-DD') AS enrolled,
           to_char(referred_on, 'YYYY-MM-DD') AS referred,
           to_char(consent_on, 'YYYY-MM-DD') AS consent, to_char(discharged_on, 'YYYY-MM-DD') AS discharged
         FROM episode WHERE clinic_id = $1`,
        [clinicId],
      )
    ).map((e: { enrolled: string | null; referred: string | null; consent: string | null }) => ({
      ...e,
      start: episodeInitiatingDate({ consentOn: e.consent, enrolledOn: e.enrolled, referredOn: e.referred }),
    }));
    // A restart within 6 months of a discharge continues that episode of care (no initial month).
    const resumes = (e: (typeof episodes)[number]): boolean =>
      episodes.some(
        (prev) =>
          prev.patient === e.patient &&
          prev.id !== e.id &&
          prev.discharged !== null &&
          prev.discharged <= e.start &&
          addMonths(prev.discharged, NEW_EPISODE_GAP_MONTHS) > e.start,
      );
    const entries: Array<{ episode_id: string; staff_id: string; started_at: Date; minutes: number }> =
      await t.db.query(
        `SELECT c.episode_id, c.staff_id, c.started_at, c.minutes FROM contact c JOIN staff_user s ON s.id = c.staff_id
       WHERE c.clinic_id = $1 AND s.role = 'care_manager' AND c.minutes > 0`,
        [clinicId],
      );
    const counts = new Map<string, number>();
    let withMinutes = 0;
    for (const e of episodes) {
      const mine = entries
        .filter((x) => x.episode_id === e.id)
        .map((x) => ({ staffId: x.staff_id, startAt: x.started_at.toISOString(), minutes: x.minutes }));
      const result = computeMonthlyBilling(
        mine,
        {
          startDate: e.start,
          consentDate: e.consent,
          dischargeDate: e.discharged,
          continuesEarlierEpisode: resumes(e),
        },
        month,
        timezone,
      );
      if (result.countableMinutes > 0) withMinutes++;
      for (const line of result.lines) counts.set(line.code, (counts.get(line.code) ?? 0) + line.units);
    }
    expect(resumes(must(episodes.find((e) => e.id === resumed.id)))).toBe(true);
    expect(body.patientsWithMinutes).toBe(withMinutes);
    for (const code of body.codes) expect([code.code, code.units]).toEqual([code.code, counts.get(code.code) ?? 0]);
  });

  it('is for leadership only, and scoped to the caller’s clinic', async () => {
    const other = await createClinic(t);
    await request(t.app.getHttpServer())
      .get('/api/outcomes/program')
      .set('Authorization', other.careManager.auth)
      .expect(403);
    const res = await request(t.app.getHttpServer())
      .get('/api/outcomes/program')
      .set('Authorization', other.leadership.auth)
      .expect(200);
    expect((res.body as ProgramMetrics).caseloads.every((c) => c.openEpisodes === 0)).toBe(true);
    await request(t.app.getHttpServer())
      .get('/api/outcomes/billing?month=2026-13')
      .set('Authorization', auth)
      .expect(400)
      .expect((r) => expect(JSON.stringify(r.body.message)).toContain('month'));
  });
});
