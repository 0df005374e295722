import request from 'supertest';
import {
  addDays,
  evaluateFlags,
  mergeFlagThresholds,
  scoreAssessment,
  toLocalIsoDate,
  type PatientFlagContext,
} from '@huddle/scoring';
import type { CaseloadPage, ContactType, Flag, InstrumentId } from '@huddle/shared-types';
import { EpisodeBuilder, freezeClock } from './builders';
import { createClinic, type ClinicFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';
import { Random } from '../src/app/seed/random';

const NOW = '2026-11-20T17:00:00Z';
const TODAY = '2026-11-20';
const TZ = 'America/New_York';

/**
 * The caseload evaluates the flag rules on SQL aggregates (ADR 0002). This checks, on random
 * histories, that they give exactly the flags (codes, severities and evidence) `evaluateFlags`
 * gives on each episode's full history.
 */
describe('caseload flags equal evaluateFlags on the full history', () => {
  let t: TestApp;
  let clinic: ClinicFixture;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, NOW);
    clinic = await createClinic(t);
  });
  afterAll(() => t.close());

  it('for 60 random episodes', async () => {
    const r = new Random(Number(process.env['EQ_SEED'] ?? 4242));
    const statuses = ['referred', 'enrolled', 'active', 'active', 'relapse_prevention'] as const;
    const contactTypes: ContactType[] = [
      'initial_assessment',
      'follow_up',
      'follow_up',
      'outreach_attempt',
      'care_coordination',
    ];
    for (let i = 0; i < 60; i++) {
      const enrolledOn = addDays(TODAY, -r.int(0, 140));
      const status = r.pick(statuses);
      const p = await EpisodeBuilder.create(t.db, clinic, { enrolledOn, status, mrn: `EQ-${i}` });
      const scoreDates = Array.from({ length: r.int(0, 7) }, () => addDays(enrolledOn, r.int(-30, 150)));
      for (const on of scoreDates) {
        const instrument: InstrumentId = r.pick(['PHQ9', 'PHQ9', 'PHQ9', 'GAD7', 'PCL5']);
        const max = instrument === 'PHQ9' ? 24 : instrument === 'GAD7' ? 21 : 80;
        const total = r.int(0, max);
        const item9 = instrument === 'PHQ9' && total > 0 && r.chance(0.1) ? 1 : 0;
        const missing = r.chance(0.1)
          ? [instrument === 'PHQ9' ? 'phq9_2' : instrument === 'GAD7' ? 'gad7_2' : 'pcl5_2']
          : [];
        await p.score(instrument, on, total, { item9, missing });
        if (r.chance(0.15)) await p.score(instrument, on, r.int(0, max)); // same-day duplicate
      }
      for (let c = r.int(0, 6); c > 0; c--) {
        const at = new Date(Date.parse(`${addDays(enrolledOn, r.int(-5, 150))}T00:00:00Z`) + r.int(0, 23) * 3_600_000);
        await p.contact(at.toISOString(), r.int(0, 60), r.pick(contactTypes), { completed: r.chance(0.85) });
      }
      for (let c = r.int(0, 2); c > 0; c--) {
        const on = addDays(enrolledOn, r.int(0, 150));
        await p.review(`${on}T15:00:00Z`, on).catch(() => undefined); // same week twice: skip
      }
    }

    // Safety follow-ups (issue #11) on some episodes: each resolves the safety answers dated on or
    // before it (a separate generator, so the histories above stay those of the seed).
    const fr = new Random(Number(process.env['EQ_SEED'] ?? 4242) + 1);
    const safetyDates: Array<{ episode_id: string; patient_id: string; on: string }> = await t.db.query(
      `SELECT episode_id, patient_id, administered_on::text AS on FROM assessment
       WHERE clinic_id = $1 AND safety_risk ORDER BY episode_id, administered_on`,
      [clinic.clinicId],
    );
    let followUps = 0;
    for (const row of safetyDates) {
      if (!fr.chance(0.5)) continue;
      const on = addDays(row.on, fr.int(0, 3));
      const [followUp] = await t.db.query(
        `INSERT INTO safety_follow_up (clinic_id, patient_id, episode_id, performed_by, performed_at, method, risk_level,
           safety_plan, lethal_means_counselling, crisis_line_given, disposition, consultant_notified, next_contact_on)
         VALUES ($1, $2, $3, $4, $5, 'cssrs_screener', 'low', 'reviewed', true, true, 'continue_outpatient', false, $6)
         RETURNING id`,
        [clinic.clinicId, row.patient_id, row.episode_id, clinic.careManager.id, `${on}T16:00:00Z`, on],
      );
      await t.db.query(
        `UPDATE assessment SET safety_follow_up_id = $1
         WHERE episode_id = $2 AND safety_risk AND safety_follow_up_id IS NULL AND administered_on <= $3`,
        [followUp.id, row.episode_id, on],
      );
      followUps++;
    }
    expect(followUps).toBeGreaterThan(0);

    const page = (
      await request(t.app.getHttpServer())
        .get('/api/caseload')
        .query({ sort: 'name', pageSize: 100 })
        .set('Authorization', clinic.careManager.auth)
        .expect(200)
    ).body as CaseloadPage;
    expect(page.total).toBe(60);

    const thresholds = mergeFlagThresholds({});
    let flagged = 0;
    for (const row of page.items) {
      const expected = evaluateFlags(await fullContext(row.episodeId), thresholds, TODAY);
      const viaApi = (
        await request(t.app.getHttpServer())
          .get(`/api/patients/${row.patientId}/flags`)
          .set('Authorization', clinic.careManager.auth)
          .expect(200)
      ).body.computed as Flag[];
      expect(viaApi).toEqual(expected);
      expect(row.flags.map((f) => f.code)).toEqual(expected.map((f) => f.code));
      flagged += expected.length > 0 ? 1 : 0;
    }
    expect(flagged).toBeGreaterThan(30);
  });

  /** The canonical context: every assessment, completed contact and review up to today. */
  async function fullContext(episodeId: string): Promise<PatientFlagContext> {
    const [episode] = await t.db.query(
      `SELECT patient_id, status, enrolled_on::text AS enrolled_on, discharged_on::text AS discharged_on FROM episode WHERE id = $1`,
      [episodeId],
    );
    const assessments: Array<{
      id: string;
      instrument: InstrumentId;
      on: string;
      answers: Record<string, number | null>;
      resolved: string | null;
    }> = await t.db.query(
      `SELECT a.id, a.instrument, a.administered_on::text AS on, a.answers,
         (sf.performed_at AT TIME ZONE $2)::date::text AS resolved
       FROM assessment a LEFT JOIN safety_follow_up sf ON sf.id = a.safety_follow_up_id
       WHERE a.episode_id = $1 ORDER BY a.administered_on, a.created_at, a.id`,
      [episodeId, TZ],
    );
    const contacts: Array<{ started_at: Date; type: ContactType }> = await t.db.query(
      `SELECT started_at, type FROM contact WHERE episode_id = $1 AND completed AND started_at < '2026-11-21T05:00:00Z'`,
      [episodeId],
    );
    const reviews: Array<{ reviewed_at: Date }> = await t.db.query(
      `SELECT reviewed_at FROM consultant_review WHERE episode_id = $1`,
      [episodeId],
    );
    const active = ['enrolled', 'active', 'relapse_prevention'].includes(episode.status);
    return {
      patientId: episode.patient_id,
      episode: {
        status: episode.status,
        enrolledAt: active ? episode.enrolled_on : null,
        dischargedAt: episode.discharged_on,
      },
      assessments: assessments.map((a) => {
        const scored = scoreAssessment(a.instrument, a.answers);
        return {
          id: a.id,
          instrumentId: a.instrument,
          date: a.on,
          total: scored.total,
          complete: scored.complete,
          safetyRisk: scored.safetyRisk,
          missingItems: scored.missingItems,
          safetyResolvedAt: a.resolved,
        };
      }),
      contacts: contacts.map((c) => ({ date: toLocalIsoDate(c.started_at.toISOString(), TZ), type: c.type })),
      consultantReviewDates: reviews.map((rv) => toLocalIsoDate(rv.reviewed_at.toISOString(), TZ)),
    };
  }
});
