import path from 'node:path';
import request from 'supertest';
import { CMS159_VALUE_SETS, evaluateCms159Patient, summarizeCms159 } from '@huddle/scoring';
import { ValueSetCatalog } from '../src/app/measures/value-set.catalog';
import { cms159DemoCases, cms159DemoPatient } from '../src/app/seed/demo-cms159-cases';
import { seedDemoData } from '../src/app/seed/demo-seed';
import { sharedFixtures } from './support/shared-fixtures';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { createTestApp, type TestApp } from './test-app';

describe('demo seed and overview', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  const asOf = new Date('2026-11-23T12:00:00Z');

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    // CMS159's value sets from the public deck, as the e2e demo runs (../shared/fixtures).
    t = await createTestApp(
      { MEASURE_VALUE_SETS_DIR: path.join(sharedFixtures('cms159-2025'), 'valuesets') },
      scratch.url,
    );
  });
  afterAll(async () => {
    await t.close();
    await scratch.drop();
  });

  it('seeds a realistic registry once, and the overview shows a signed-in caller the aggregates of their clinic only', async () => {
    const first = await seedDemoData(t.db, { asOf });
    expect(first).toMatchObject({ seeded: true, clinics: 3 });
    expect(first.patients).toBeGreaterThanOrEqual(140);
    expect((await seedDemoData(t.db, { asOf })).seeded).toBe(false);

    const [counts] = await t.db.query(`
      SELECT count(*) FILTER (WHERE safety_risk)::int AS safety,
             count(*) FILTER (WHERE instrument = 'PHQ9')::int AS phq9,
             (SELECT count(*)::int FROM episode e
               WHERE NOT EXISTS (SELECT 1 FROM consultant_review r WHERE r.episode_id = e.id)) AS never_reviewed,
             (SELECT count(*)::int FROM contact) AS contacts
      FROM assessment`);
    expect(counts.phq9).toBeGreaterThan(first.patients * 2);
    expect(counts.safety).toBeGreaterThan(0);
    expect(counts.never_reviewed).toBeGreaterThan(0);
    expect(counts.contacts).toBeGreaterThan(first.patients);

    // Recommendations and reviews carry the date of the review, not of the seeding.
    const [dates] = await t.db.query(`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE r.created_at = cr.reviewed_at AND cr.created_at = cr.reviewed_at)::int AS same
      FROM recommendation r JOIN consultant_review cr ON cr.id = r.review_id`);
    expect(dates.n).toBeGreaterThan(0);
    expect(dates.same).toBe(dates.n);

    // Integrated care (issue #17): something for every new screen on first run.
    const [ic] = await t.db.query(`
      SELECT
        (SELECT count(*)::int FROM screening_visit WHERE depression_positive) AS positive_screens,
        (SELECT count(*)::int FROM screening_visit WHERE NOT depression_positive) AS negative_screens,
        (SELECT count(*)::int FROM screening_visit WHERE follow_up_kinds @> '{medication}') AS medication_plans,
        (SELECT count(*)::int FROM bh_referral WHERE warm_handoff) AS warm,
        (SELECT count(*)::int FROM bh_referral WHERE NOT warm_handoff) AS not_warm,
        (SELECT count(DISTINCT status)::int FROM social_need) AS need_steps,
        (SELECT count(*)::int FROM patient_clinical_event WHERE kind = 'condition') AS problems,
        (SELECT count(*)::int FROM patient_clinical_event WHERE kind = 'observation') AS labs,
        (SELECT count(*)::int FROM patient_clinical_event WHERE kind = 'encounter' AND code = 'EMER') AS ed,
        (SELECT count(*)::int FROM patient_clinical_event WHERE kind = 'encounter' AND code = 'IMP') AS admissions,
        (SELECT count(*)::int FROM care_preference) AS preferences,
        (SELECT count(*)::int FROM huddle_item WHERE discussed_at IS NULL AND huddle_on IS NOT NULL) AS open_items,
        (SELECT count(*)::int FROM care_task) AS tasks,
        (SELECT count(*)::int FROM clinic WHERE huddle_weekday IS NOT NULL) AS huddle_clinics`);
    expect(ic.positive_screens).toBeGreaterThan(0);
    expect(ic.negative_screens).toBeGreaterThan(0);
    expect(ic.medication_plans).toBeGreaterThan(0);
    expect(ic.warm).toBeGreaterThan(0);
    expect(ic.not_warm).toBeGreaterThan(0);
    expect(ic.need_steps).toBe(4); // open, referred, connected, resolved
    expect(ic.problems).toBeGreaterThan(0);
    expect(ic.labs).toBeGreaterThan(0);
    expect(ic.ed).toBeGreaterThan(0);
    expect(ic.admissions).toBeGreaterThan(0);
    expect(ic.preferences).toBeGreaterThan(0);
    expect(ic.open_items).toBeGreaterThanOrEqual(6); // at least two per clinic
    expect(ic.tasks).toBeGreaterThan(0);
    expect(ic.huddle_clinics).toBe(3);
    // Every seeded row satisfies the API's own reading of it: the demo users see their screens filled.
    const signIn = async (email: string): Promise<string> =>
      `Bearer ${(await request(t.app.getHttpServer()).post('/api/auth/login').send({ email, password: 'huddle-demo' }).expect(200)).body.accessToken}`;
    const get = async (path: string, auth: string): Promise<unknown> =>
      (await request(t.app.getHttpServer()).get(path).set('Authorization', auth).expect(200)).body;
    const cm = await signIn('cm1@riverside.huddle.test');
    const pcp = await signIn('pcp1@riverside.huddle.test');
    const huddle = (await get('/api/huddle/items', pcp)) as Array<{ question: string; huddleOn: string | null }>;
    expect(huddle.length).toBeGreaterThanOrEqual(1);
    expect(huddle.every((i) => i.huddleOn !== null)).toBe(true);
    expect(((await get('/api/tasks/mine', cm)) as unknown[]).length).toBeGreaterThan(0);
    expect(((await get('/api/screening/handoff-clinicians', pcp)) as unknown[]).length).toBe(3);
    const system = await signIn('system@riverside.huddle.test');
    const org = (await get(`/api/organisation/summary?year=2026`, system)) as { clinics: unknown[] };
    expect(org.clinics).toHaveLength(3);
    const director = await signIn('director@riverside.huddle.test');
    const screening = (await get('/api/screening/summary?year=2026', director)) as Record<string, unknown>;
    expect(JSON.stringify(screening)).toMatch(/"patientsScreened":[1-9]/);

    // CMS159 (issue #15): each clinic's cohort of depression cases fills the leadership panel for the
    // measurement year; the counts are those the library gives the seeded cases.
    const catalog = t.app.get(ValueSetCatalog);
    const cases = cms159DemoCases(asOf);
    const results = cases.map((c, i) =>
      evaluateCms159Patient(cms159DemoPatient(c, `case-${i}`), `${asOf.getUTCFullYear()}-01-01`, (set, system, code) =>
        catalog.contains(CMS159_VALUE_SETS[set], system, code),
      ),
    );
    const { total, strata } = summarizeCms159(results);
    // A plausible panel: both strata populated, a remission rate strictly between 0 and 1, an exclusion,
    // and a case outside the measure.
    expect(strata[1].denominator).toBeGreaterThan(0);
    expect(strata[2].denominator).toBeGreaterThan(0);
    expect(total.denominatorExclusion).toBeGreaterThan(0);
    expect(total.numerator).toBeGreaterThan(0);
    expect(total.numerator).toBeLessThan(total.denominator - total.denominatorExclusion);
    expect(results.some((r) => !r.initialPopulation)).toBe(true);
    const cms159 = (await get(`/api/outcomes/cms159?year=${asOf.getUTCFullYear()}`, director)) as {
      strata: Array<{ stratum: string; initialPopulation: number; denominator: number; numerator: number }>;
    };
    const rate = (c: typeof total) =>
      c.denominator - c.denominatorExclusion > 0 ? c.numerator / (c.denominator - c.denominatorExclusion) : null;
    expect(cms159.strata).toEqual([
      { stratum: 'all', ...total, rate: rate(total) },
      { stratum: '12-17', ...strata[1], rate: rate(strata[1]) },
      { stratum: '18+', ...strata[2], rate: rate(strata[2]) },
    ]);

    // The overview needs a sign-in and shows the caller's clinic only (issue #14 item 7).
    const server = t.app.getHttpServer();
    await request(server).get('/api/overview').expect(401);
    const login = await request(server)
      .post('/api/auth/login')
      .send({ email: 'director@riverside.huddle.test', password: 'huddle-demo' })
      .expect(200);
    const res = await request(server).get('/api/overview').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toHaveLength(1);
    expect(res.body[0].name).toBe('Riverside Family Medicine');
    const [riverside] = await t.db.query(
      `SELECT count(*)::int AS n FROM patient p JOIN clinic c ON c.id = p.clinic_id WHERE c.name = 'Riverside Family Medicine'`,
    );
    expect(res.body[0].patients).toBe(riverside.n);
    expect(JSON.stringify(res.body)).not.toMatch(/mrn|givenName|familyName/);
  }, 180_000); // seeding ~150 patients with their integrated care, then a dozen sign-ins (argon2)
});
