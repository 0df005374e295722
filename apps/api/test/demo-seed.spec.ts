import request from 'supertest';
import { seedDemoData } from '../src/app/seed/demo-seed';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { createTestApp, type TestApp } from './test-app';

describe('demo seed and overview', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  const asOf = new Date('2026-11-23T12:00:00Z');

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({}, scratch.url);
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
  });
});
