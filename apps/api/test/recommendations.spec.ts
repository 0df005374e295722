import request from 'supertest';
import type { ConsultantReviewView, RecommendationView } from '@huddle/shared-types';
import { auditRows, EpisodeBuilder, freezeClock, must } from './builders';
import { createClinic, type ClinicFixture, type StaffFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

describe('recommendation lifecycle', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let patient: EpisodeBuilder;
  let recs: RecommendationView[];

  const server = () => t.app.getHttpServer();
  const patch = (staff: StaffFixture, id: string, body: object) =>
    request(server()).patch(`/api/recommendations/${id}/status`).set('Authorization', staff.auth).send(body);
  const stored = async (id: string): Promise<{ status: string; version: number }> =>
    must(
      (await t.db.query(`SELECT status, version FROM recommendation WHERE id = $1`, [id]))[0] as {
        status: string;
        version: number;
      },
    );

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-11-20T17:00:00Z');
    a = await createClinic(t);
    b = await createClinic(t);
    patient = await EpisodeBuilder.create(t.db, a);
    const review = (
      await request(server())
        .post(`/api/review/episodes/${patient.episodeId}/reviews`)
        .set('Authorization', a.consultant.auth)
        .send({
          weekOf: '2026-11-16',
          recommendations: [
            { type: 'medication_start', detail: 'Start an SSRI', medication: 'escitalopram', dose: '10 mg' },
            { type: 'psychotherapy', detail: 'Problem-solving therapy' },
            { type: 'safety_plan', detail: 'Update the safety plan' },
            { type: 'specialty_referral', detail: 'Refer to psychiatry' },
          ],
        })
        .expect(201)
    ).body as ConsultantReviewView;
    recs = review.recommendations;
  });
  afterAll(() => t.close());

  it('lists every review of the patient with its recommendations, scoped and audited', async () => {
    const res = await request(server())
      .get(`/api/patients/${patient.patientId}/reviews`)
      .set('Authorization', a.careManager.auth)
      .expect(200);
    const reviews = res.body as ConsultantReviewView[];
    expect(reviews).toHaveLength(1);
    expect(must(reviews[0])).toMatchObject({ weekOf: '2026-11-16', consultant: { id: a.consultant.id } });
    expect(
      must(reviews[0])
        .recommendations.map((r) => r.id)
        .sort(),
    ).toEqual(recs.map((r) => r.id).sort());
    const audited = await auditRows(t.db, 'patient.reviews.read', a.careManager.id);
    expect(audited).toEqual([expect.objectContaining({ patient_id: patient.patientId, outcome: 'success' })]);
    await request(server())
      .get(`/api/patients/${patient.patientId}/reviews`)
      .set('Authorization', b.careManager.auth)
      .expect(404);
    await request(server())
      .get(`/api/patients/${patient.patientId}/reviews`)
      .set('Authorization', a.leadership.auth)
      .expect(403);
  });

  it('moves pending → communicated → done and refuses leaving a final status', async () => {
    const id = must(recs[0]).id;
    const communicated = (await patch(a.careManager, id, { status: 'communicated', version: 1 }).expect(200))
      .body as RecommendationView;
    expect(communicated).toMatchObject({
      status: 'communicated',
      version: 2,
      statusChangedBy: { id: a.careManager.id },
    });
    await patch(a.pcp, id, { status: 'done', version: 2 }).expect(200);
    const illegal = await patch(a.consultant, id, { status: 'declined', version: 3 }).expect(409);
    expect(illegal.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'status' });
    expect(await stored(id)).toEqual({ status: 'done', version: 3 });
    expect((await auditRows(t.db, 'recommendation.status', a.careManager.id))[0]).toMatchObject({
      patient_id: patient.patientId,
      resource_id: id,
      details: { from: 'pending', to: 'communicated' },
    });
  });

  it('allows pending → declined but not pending → done; stale versions are 409', async () => {
    const id = must(recs[1]).id;
    expect((await patch(a.careManager, id, { status: 'done', version: 1 }).expect(409)).body).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    expect((await patch(a.careManager, id, { status: 'declined', version: 5 }).expect(409)).body).toMatchObject({
      code: 'VERSION_CONFLICT',
      field: 'version',
    });
    await patch(a.careManager, id, { status: 'declined', version: 1 }).expect(200);
    expect(await stored(id)).toEqual({ status: 'declined', version: 2 });
  });

  it('lets exactly one of two concurrent updates win', async () => {
    const id = must(recs[2]).id;
    const results = await Promise.all([
      patch(a.careManager, id, { status: 'communicated', version: 1 }),
      patch(a.consultant, id, { status: 'declined', version: 1 }),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 409]);
    const winner = must(results.find((res) => res.status === 200)).body as RecommendationView;
    expect(await stored(id)).toEqual({ status: winner.status, version: 2 });
    expect(must(results.find((res) => res.status === 409)).body).toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('validates the body naming the field, and scopes by clinic and role', async () => {
    const id = must(recs[3]).id;
    for (const [body, field] of [
      [{ status: 'archived', version: 1 }, 'status'],
      [{ status: 'communicated' }, 'version'],
      [{ status: 'communicated', version: '1' }, 'version'],
    ] as const) {
      expect(JSON.stringify((await patch(a.careManager, id, body).expect(400)).body.message)).toContain(field);
    }
    await patch(b.careManager, id, { status: 'communicated', version: 1 }).expect(404);
    await patch(a.otherCareManager, id, { status: 'communicated', version: 1 }).expect(404);
    await patch(a.leadership, id, { status: 'communicated', version: 1 }).expect(403);
    await patch(a.careManager, '00000000-0000-4000-8000-000000000000', { status: 'communicated', version: 1 }).expect(
      404,
    );
    expect(await stored(id)).toEqual({ status: 'pending', version: 1 });
  });

  it("lists the patient's recommendations newest first, audited", async () => {
    const res = await request(server())
      .get(`/api/patients/${patient.patientId}/recommendations`)
      .set('Authorization', a.pcp.auth)
      .expect(200);
    const list = res.body as RecommendationView[];
    expect(list.map((rec) => rec.type)).toEqual([
      'medication_start',
      'psychotherapy',
      'safety_plan',
      'specialty_referral',
    ]);
    expect(must(list[0])).toMatchObject({
      status: 'done',
      medication: 'escitalopram',
      dose: '10 mg',
      patientId: patient.patientId,
    });
    await request(server())
      .get(`/api/patients/${patient.patientId}/recommendations`)
      .set('Authorization', b.pcp.auth)
      .expect(404);
    await request(server())
      .get(`/api/patients/${patient.patientId}/recommendations`)
      .set('Authorization', a.admin.auth)
      .expect(403);
    expect((await auditRows(t.db, 'patient.recommendations.read', a.pcp.id))[0]).toMatchObject({
      patient_id: patient.patientId,
      details: { count: 4 },
    });
  });
});
