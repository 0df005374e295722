import request from 'supertest';
import type { ManualFlagView, PatientFlagsResponse } from '@huddle/shared-types';
import { auditRows, EpisodeBuilder, freezeClock, must } from './builders';
import { createClinic, type ClinicFixture, type StaffFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

const NOW = '2026-11-20T17:00:00Z'; // Friday, 12:00 in New York

describe('patient flags', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;

  const server = () => t.app.getHttpServer();
  const flagsOf = async (staff: StaffFixture, patientId: string, status = 200) =>
    (await request(server()).get(`/api/patients/${patientId}/flags`).set('Authorization', staff.auth).expect(status))
      .body as PatientFlagsResponse;
  const raise = (staff: StaffFixture, patientId: string, body: object) =>
    request(server()).post(`/api/patients/${patientId}/flags`).set('Authorization', staff.auth).send(body);
  const resolve = (staff: StaffFixture, flagId: string, body: object) =>
    request(server()).post(`/api/flags/${flagId}/resolve`).set('Authorization', staff.auth).send(body);
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number(must((await t.db.query(sql, params))[0] as { n: string }).n);

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, NOW);
    a = await createClinic(t);
    b = await createClinic(t);
  });
  afterAll(() => t.close());

  it('raises SAFETY from PHQ-9 item 9 with the assessments as evidence', async () => {
    const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-11-01' });
    const first = await p.score('PHQ9', '2026-11-03', 15, { item9: 2 });
    const second = await p.score('PHQ9', '2026-11-17', 9, { item9: 1, missing: ['phq9_1'] }); // incomplete still counts
    await p.contact('2026-11-03T15:00:00Z', 30, 'initial_assessment');
    const body = await flagsOf(a.careManager, p.patientId);
    expect(body).toMatchObject({ patientId: p.patientId, episodeId: p.episodeId, asOf: '2026-11-20', manual: [] });
    const safety = must(body.computed.find((flag) => flag.code === 'SAFETY'));
    expect(safety.severity).toBe('critical');
    expect(safety.evidence).toMatchObject({
      assessments: [
        { assessmentId: first, instrumentId: 'PHQ9', date: '2026-11-03' },
        { assessmentId: second, instrumentId: 'PHQ9', date: '2026-11-17' },
      ],
    });
    expect(safety.evidence.reason).toContain('2026-11-17');
    const incomplete = must(body.computed.find((flag) => flag.code === 'INCOMPLETE_FORM_NEEDS_REVIEW'));
    expect(incomplete.evidence).toMatchObject({ assessments: [{ assessmentId: second, missingItems: ['phq9_1'] }] });
    expect(body.computed[0]?.code).toBe('SAFETY');
  });

  it('raises NOT_IMPROVING at week ≥ 10 and NOT_IMPROVING_EARLY at week 8–9, with the clinic thresholds', async () => {
    // Enrolled 2026-09-04: 77 days = week 11 on 2026-11-20. 18 → 12 is a 33.3 % reduction.
    const p = await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-09-04' });
    await p.score('PHQ9', '2026-09-04', 18);
    await p.score('PHQ9', '2026-11-13', 12);
    await p.contact('2026-09-04T15:00:00Z', 45, 'initial_assessment');
    await p.contact('2026-11-13T15:00:00Z', 20);
    await p.review('2026-10-20T15:00:00Z', '2026-10-19');
    const notImproving = must(
      (await flagsOf(a.careManager, p.patientId)).computed.find((f) => f.code === 'NOT_IMPROVING'),
    );
    expect(notImproving).toMatchObject({
      severity: 'high',
      evidence: {
        instrumentId: 'PHQ9',
        weeksInTreatment: 11,
        thresholdWeeks: 10,
        baselineScore: 18,
        baselineDate: '2026-09-04',
        latestScore: 12,
        latestDate: '2026-11-13',
        targetScore: 9,
      },
    });
    expect(notImproving.evidence.reason).toBe('Week 11: PHQ9 18 → 12 (33.3% reduction; target ≥50% reduction)');

    await t.db.query(`UPDATE clinic SET flag_thresholds = '{"notImprovingWeeks": 12}' WHERE id = $1`, [a.clinicId]);
    const codes = (await flagsOf(a.careManager, p.patientId)).computed.map((f) => f.code);
    expect(codes).toContain('NOT_IMPROVING_EARLY');
    expect(codes).not.toContain('NOT_IMPROVING');
    await t.db.query(`UPDATE clinic SET flag_thresholds = '{}' WHERE id = $1`, [a.clinicId]);
  });

  it('raises and resolves DISCUSS_WITH_CONSULTANT, mirroring it on the episode, with audit rows', async () => {
    const p = await EpisodeBuilder.create(t.db, a);
    const created = await raise(a.careManager, p.patientId, {
      code: 'DISCUSS_WITH_CONSULTANT',
      note: 'Sleep worse',
    }).expect(201);
    const flag = created.body as ManualFlagView;
    expect(flag).toMatchObject({
      code: 'DISCUSS_WITH_CONSULTANT',
      severity: 'medium',
      episodeId: p.episodeId,
      note: 'Sleep worse',
      raisedBy: { id: a.careManager.id },
      raisedAt: '2026-11-20T17:00:00.000Z',
      resolvedAt: null,
      version: 1,
    });
    const requested = async (): Promise<unknown> =>
      must(
        (await t.db.query(`SELECT review_requested_at FROM episode WHERE id = $1`, [p.episodeId]))[0] as {
          review_requested_at: unknown;
        },
      ).review_requested_at;
    expect(await requested()).toEqual(new Date(NOW));
    expect((await flagsOf(a.consultant, p.patientId)).manual.map((m) => m.id)).toEqual([flag.id]);

    const dup = await raise(a.careManager, p.patientId, { code: 'DISCUSS_WITH_CONSULTANT' }).expect(409);
    expect(dup.body).toMatchObject({ code: 'DUPLICATE', field: 'code' });
    expect((await resolve(a.careManager, flag.id, { version: 7 }).expect(409)).body).toMatchObject({
      code: 'VERSION_CONFLICT',
    });

    const resolved = (await resolve(a.consultant, flag.id, { version: 1, note: 'Discussed' }).expect(200))
      .body as ManualFlagView;
    expect(resolved).toMatchObject({ resolvedBy: { id: a.consultant.id }, resolutionNote: 'Discussed', version: 2 });
    expect(await requested()).toBeNull();
    expect((await resolve(a.careManager, flag.id, { version: 2 }).expect(409)).body).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    expect((await flagsOf(a.careManager, p.patientId)).manual).toEqual([]);

    const raised = await auditRows(t.db, 'flag.raise', a.careManager.id);
    expect(must(raised[raised.length - 1])).toMatchObject({
      patient_id: p.patientId,
      resource_id: flag.id,
      details: { code: 'DISCUSS_WITH_CONSULTANT' },
    });
    const resolvedAudit = await auditRows(t.db, 'flag.resolve', a.consultant.id);
    expect(resolvedAudit).toHaveLength(1);
    expect(JSON.stringify([raised, resolvedAudit])).not.toMatch(/Sleep worse|Discussed/);
    expect(
      (await auditRows(t.db, 'patient.flags.read', a.consultant.id)).some((row) => row.patient_id === p.patientId),
    ).toBe(true);
  });

  it('rejects bad input naming the field and writes nothing', async () => {
    const p = await EpisodeBuilder.create(t.db, a);
    const before = await count(`SELECT count(*) AS n FROM audit_log`, []);
    for (const [body, field] of [
      [{ code: 'PANIC' }, 'code'],
      [{ code: 'SAFETY_CONCERN', note: 42 }, 'note'],
      [{ code: 'SAFETY_CONCERN', severity: 'low' }, 'severity'],
    ] as const) {
      const res = await raise(a.careManager, p.patientId, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    expect((await raise(a.careManager, 'not-a-uuid', { code: 'SAFETY_CONCERN' }).expect(400)).body.message).toEqual([
      'id must be a UUID',
    ]);
    expect(await count(`SELECT count(*) AS n FROM manual_flag WHERE patient_id = $1`, [p.patientId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM audit_log`, [])).toBe(before);
  });

  it('a SAFETY_CONCERN marks the caseload row as a safety case; review requests need an open episode', async () => {
    const p = await EpisodeBuilder.create(t.db, a);
    await raise(a.careManager, p.patientId, { code: 'SAFETY_CONCERN' }).expect(201);
    const page = (
      await request(server())
        .get('/api/caseload')
        .query({ flag: 'SAFETY_CONCERN' })
        .set('Authorization', a.careManager.auth)
        .expect(200)
    ).body;
    expect(page.items.map((row: { patientId: string; safety: boolean }) => [row.patientId, row.safety])).toEqual([
      [p.patientId, true],
    ]);

    const closed = await EpisodeBuilder.create(t.db, a);
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = '2026-11-01', discharge_reason = 'completed' WHERE id = $1`,
      [closed.episodeId],
    );
    expect(
      (await raise(a.careManager, closed.patientId, { code: 'DISCUSS_WITH_CONSULTANT' }).expect(409)).body,
    ).toMatchObject({ code: 'EPISODE_CLOSED' });
    expect((await flagsOf(a.careManager, closed.patientId)).episodeId).toBeNull();
  });

  it('hides other clinics and caseloads (404) and enforces permissions (403)', async () => {
    const p = await EpisodeBuilder.create(t.db, a);
    const flag = (await raise(a.careManager, p.patientId, { code: 'SAFETY_CONCERN' }).expect(201))
      .body as ManualFlagView;
    await flagsOf(b.careManager, p.patientId, 404);
    await flagsOf(a.otherCareManager, p.patientId, 404);
    await raise(b.consultant, p.patientId, { code: 'SAFETY_CONCERN' }).expect(404);
    await resolve(b.careManager, flag.id, { version: 1 }).expect(404);
    await flagsOf(a.leadership, p.patientId, 403);
    await flagsOf(a.admin, p.patientId, 403);
    await raise(a.pcp, p.patientId, { code: 'SAFETY_CONCERN' }).expect(403);
    await resolve(a.pcp, flag.id, { version: 1 }).expect(403);
    expect((await flagsOf(a.pcp, p.patientId)).manual).toHaveLength(1);
  });
});
