import request from 'supertest';
import type { ConsultantReviewView, RecommendationInboxItem, RecommendationView } from '@huddle/shared-types';
import { auditRows, EpisodeBuilder, freezeClock, must } from './builders';
import { createClinic, createStaff, type ClinicFixture, type StaffFixture } from './fixtures';
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
          summary: 'Start an SSRI and therapy',
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

  it('moves new → accepted (PCP) → implemented (care manager), keeps each change, refuses leaving a final status', async () => {
    const id = must(recs[0]).id;
    const accepted = (await patch(a.pcp, id, { status: 'accepted', version: 1 }).expect(200))
      .body as RecommendationView;
    expect(accepted).toMatchObject({
      status: 'accepted',
      statusReason: null,
      version: 2,
      statusChangedBy: { id: a.pcp.id },
    });
    await patch(a.careManager, id, { status: 'implemented', version: 2 }).expect(200);
    const illegal = await patch(a.pcp, id, { status: 'declined', version: 3, reason: 'Too late' }).expect(409);
    expect(illegal.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'status' });
    expect(await stored(id)).toEqual({ status: 'implemented', version: 3 });
    expect((await auditRows(t.db, 'recommendation.status', a.pcp.id))[0]).toMatchObject({
      patient_id: patient.patientId,
      resource_id: id,
      details: { from: 'new', to: 'accepted' },
    });
    const history: Array<{ from_status: string; to_status: string; changed_by: string }> = await t.db.query(
      `SELECT from_status, to_status, changed_by FROM recommendation_status_change
       WHERE recommendation_id = $1 ORDER BY changed_at, to_status`,
      [id],
    );
    expect(history).toEqual([
      { from_status: 'new', to_status: 'accepted', changed_by: a.pcp.id },
      { from_status: 'accepted', to_status: 'implemented', changed_by: a.careManager.id },
    ]);
  });

  it('only the PCP accepts or declines; declining needs a reason; new → implemented is illegal; stale versions are 409', async () => {
    const id = must(recs[1]).id;
    expect((await patch(a.careManager, id, { status: 'accepted', version: 1 }).expect(403)).body).toMatchObject({
      code: 'FORBIDDEN_ACTION',
    });
    await patch(a.consultant, id, { status: 'accepted', version: 1 }).expect(403);
    expect((await patch(a.pcp, id, { status: 'implemented', version: 1 }).expect(409)).body).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    expect((await patch(a.pcp, id, { status: 'declined', version: 5, reason: 'x' }).expect(409)).body).toMatchObject({
      code: 'VERSION_CONFLICT',
      field: 'version',
    });
    for (const body of [
      { status: 'declined', version: 1 },
      { status: 'declined', version: 1, reason: '   ' },
    ]) {
      expect(JSON.stringify((await patch(a.pcp, id, body).expect(400)).body.message)).toContain('reason');
    }
    expect(await stored(id)).toEqual({ status: 'new', version: 1 });
    const declined = (
      await patch(a.pcp, id, { status: 'declined', version: 1, reason: 'Patient prefers medication only' }).expect(200)
    ).body as RecommendationView;
    expect(declined).toMatchObject({ status: 'declined', statusReason: 'Patient prefers medication only' });
    expect(await stored(id)).toEqual({ status: 'declined', version: 2 });
  });

  it('lets exactly one of two concurrent updates win', async () => {
    const id = must(recs[2]).id;
    const results = await Promise.all([
      patch(a.pcp, id, { status: 'accepted', version: 1 }),
      patch(a.pcp, id, { status: 'declined', version: 1, reason: 'Not now' }),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 409]);
    const winner = must(results.find((res) => res.status === 200)).body as RecommendationView;
    expect(await stored(id)).toEqual({ status: winner.status, version: 2 });
    expect(must(results.find((res) => res.status === 409)).body).toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('validates the body naming the field, and scopes by clinic and role', async () => {
    const id = must(recs[3]).id;
    for (const [body, field] of [
      [{ status: 'communicated', version: 1 }, 'status'],
      [{ status: 'accepted' }, 'version'],
      [{ status: 'accepted', version: '1' }, 'version'],
      [{ status: 'accepted', version: 1, reason: 42 }, 'reason'],
    ] as const) {
      expect(JSON.stringify((await patch(a.pcp, id, body).expect(400)).body.message)).toContain(field);
    }
    await patch(b.pcp, id, { status: 'accepted', version: 1 }).expect(404);
    await patch(a.otherCareManager, id, { status: 'implemented', version: 1 }).expect(404);
    await patch(a.leadership, id, { status: 'accepted', version: 1 }).expect(403);
    await patch(a.pcp, '00000000-0000-4000-8000-000000000000', { status: 'accepted', version: 1 }).expect(404);
    expect(await stored(id)).toEqual({ status: 'new', version: 1 });
  });

  it("lists new recommendations in the PCP's inbox with patient and review, scoped and audited", async () => {
    const inbox = (
      await request(server()).get('/api/recommendations/inbox').set('Authorization', a.pcp.auth).expect(200)
    ).body as RecommendationInboxItem[];
    expect(inbox.map((item) => item.recommendation.id)).toEqual([must(recs[3]).id]);
    expect(must(inbox[0])).toMatchObject({
      patient: { id: patient.patientId, mrn: patient.mrn },
      consultant: { id: a.consultant.id },
      reviewSummary: 'Start an SSRI and therapy',
      recommendation: { status: 'new', type: 'specialty_referral' },
    });
    const others = (
      await request(server()).get('/api/recommendations/inbox').set('Authorization', b.pcp.auth).expect(200)
    ).body as RecommendationInboxItem[];
    expect(others).toEqual([]);
    const otherPcp = await createStaff(t, a.clinicId, 'pcp');
    expect(
      (await request(server()).get('/api/recommendations/inbox').set('Authorization', otherPcp.auth).expect(200)).body,
    ).toEqual([]);
    await request(server()).get('/api/recommendations/inbox').set('Authorization', a.consultant.auth).expect(403);
    await request(server()).get('/api/recommendations/inbox').set('Authorization', a.leadership.auth).expect(403);
    expect((await auditRows(t.db, 'recommendation.inbox.read', a.pcp.id))[0]).toMatchObject({
      outcome: 'success',
      details: { count: 1 },
    });
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
      status: 'implemented',
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
