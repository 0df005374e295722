import request from 'supertest';
import type { ConsultantReviewView, PatientReviewSummary, ReviewAgenda } from '@huddle/shared-types';
import { NotFoundError } from '../src/app/common/errors';
import type { Actor } from '../src/app/common/request-actor';
import { EpisodeAggregateRepository } from '../src/app/registry-sql/episode-aggregate.repository';
import { ReviewAgendaService } from '../src/app/review/review-agenda.service';
import { auditRows, dataStatements, EpisodeBuilder, freezeClock, must, patientsListed } from './builders';
import { createClinic, createStaff, type ClinicFixture, type StaffFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

const NOW = '2026-11-20T17:00:00Z'; // Friday; the review week starts Monday 2026-11-16

describe('weekly review: agenda, summary, recording reviews', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  const p: Record<'safety' | 'newer' | 'older' | 'slow' | 'requested' | 'routine1' | 'routine2', EpisodeBuilder> =
    {} as never;

  const server = () => t.app.getHttpServer();
  const agenda = async (staff: StaffFixture, query: Record<string, string> = {}, status = 200) =>
    (await request(server()).get('/api/review/agenda').query(query).set('Authorization', staff.auth).expect(status))
      .body as ReviewAgenda;
  const record = (staff: StaffFixture, episodeId: string, body: object) =>
    request(server()).post(`/api/review/episodes/${episodeId}/reviews`).set('Authorization', staff.auth).send(body);
  const countReviews = async (episodeId: string): Promise<number> =>
    Number(
      must(
        (await t.db.query(`SELECT count(*) AS n FROM consultant_review WHERE episode_id = $1`, [episodeId]))[0] as {
          n: string;
        },
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, NOW);
    a = await createClinic(t);
    b = await createClinic(t);
    const make = async (key: keyof typeof p, enrolledOn: string, family: string) =>
      (p[key] = await (await EpisodeBuilder.create(t.db, a, { enrolledOn, mrn: `R-${key}` })).named('Pat', family));

    await make('safety', '2026-10-01', 'Safety');
    await p.safety.score('PHQ9', '2026-11-12', 14, { item9: 1 });
    await p.safety.review('2026-10-15T15:00:00Z', '2026-10-12');
    await make('newer', '2026-11-10', 'Newer');
    await make('older', '2026-10-01', 'Older');
    await make('slow', '2026-09-01', 'Slow');
    await p.slow.score('PHQ9', '2026-09-01', 20);
    await p.slow.score('PHQ9', '2026-11-10', 18);
    await p.slow.review('2026-10-01T15:00:00Z', '2026-09-28');
    await make('requested', '2026-11-01', 'Requested');
    await p.requested.review('2026-11-02T15:00:00Z', '2026-11-02');
    for (const [key, reviewedOn, weekOf] of [
      ['routine1', '2026-10-05', '2026-10-05'],
      ['routine2', '2026-11-09', '2026-11-09'],
    ] as const) {
      await make(key, '2026-09-01', key === 'routine1' ? 'Routine A' : 'Routine B');
      await p[key].score('PHQ9', '2026-09-01', 20);
      await p[key].score('PHQ9', '2026-11-10', 4);
      await p[key].review(`${reviewedOn}T15:00:00Z`, weekOf);
    }
    await request(server())
      .post(`/api/patients/${p.requested.patientId}/flags`)
      .set('Authorization', a.careManager.auth)
      .send({ code: 'DISCUSS_WITH_CONSULTANT' })
      .expect(201);
    // Not on the agenda: no consultant; discharged.
    await EpisodeBuilder.create(t.db, a, { consultantId: null });
    const gone = await EpisodeBuilder.create(t.db, a);
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = '2026-11-01', discharge_reason = 'x' WHERE id = $1`,
      [gone.episodeId],
    );
  });
  afterAll(() => t.close());

  it('orders the agenda safety → new → not improving → requested → longest since review, with reasons', async () => {
    const body = await agenda(a.consultant);
    expect(body).toMatchObject({
      consultantId: a.consultant.id,
      weekOf: '2026-11-16',
      asOf: '2026-11-20',
      // Both routine patients were reviewed less than 60 days before Sunday 22 Nov: not due.
      progress: { reviewed: 0, total: 5 },
      routineReviewDays: 60,
    });
    expect(body.lines.map((line) => [line.mrn, line.bucket, line.rank])).toEqual([
      ['R-safety', 'safety', 1],
      ['R-older', 'new_never_reviewed', 2],
      ['R-newer', 'new_never_reviewed', 3],
      ['R-slow', 'not_improving', 4],
      ['R-requested', 'care_manager_request', 5],
      ['R-routine1', 'longest_since_review', 6],
      ['R-routine2', 'longest_since_review', 7],
    ]);
    const reasons = Object.fromEntries(body.lines.map((line) => [line.mrn, line.reason]));
    // The wording comes from libs/scoring; check the facts it must carry.
    expect(reasons['R-safety']).toMatch(/^Safety.*last reviewed 36 days ago$/);
    expect(reasons['R-slow']).toMatch(/NOT_IMPROVING.*last reviewed 50 days ago$/);
    expect(reasons['R-requested']).toMatch(/^Requested by the care manager.*last reviewed 18 days ago$/);
    expect(reasons['R-routine1']).toBe('Not due this week; last reviewed 46 days ago (routine review every 60 days)');
    expect(body.lines.map((line) => [line.mrn, line.dueThisWeek])).toEqual([
      ['R-safety', true],
      ['R-older', true],
      ['R-newer', true],
      ['R-slow', true],
      ['R-requested', true],
      ['R-routine1', false],
      ['R-routine2', false],
    ]);
    const slow = must(body.lines.find((line) => line.mrn === 'R-slow'));
    expect(slow).toMatchObject({
      careManager: { id: a.careManager.id, displayName: a.careManager.displayName },
      phq9Latest: { date: '2026-11-10', total: 18 },
      phq9PercentChange: -10,
      weeksInTreatment: 11,
      reviewedThisWeek: false,
      reviewId: null,
    });
  });

  it('answers the agenda a page at a time: lines in agenda order, counts over the whole agenda (issue #13)', async () => {
    const whole = await agenda(a.consultant);
    expect(whole).toMatchObject({ offset: 0, sections: { due: 5, notDue: 2 }, progress: { reviewed: 0, total: 5 } });
    const pages = [
      await agenda(a.consultant, { limit: '3' }),
      await agenda(a.consultant, { limit: '3', offset: '3' }),
      await agenda(a.consultant, { limit: '3', offset: '6' }),
    ];
    // The pages are the whole agenda cut in three: same lines, same ranks, same counts on every page.
    expect(pages.flatMap((page) => page.lines)).toEqual(whole.lines);
    expect(pages.map((page) => [page.offset, page.lines.map((line) => line.rank)])).toEqual([
      [0, [1, 2, 3]],
      [3, [4, 5, 6]],
      [6, [7]],
    ]);
    for (const page of pages) {
      expect(page).toMatchObject({ sections: whole.sections, progress: whole.progress, weekOf: whole.weekOf });
    }
    // Past the end: no line, the counts still tell the client where the agenda ends.
    expect(await agenda(a.consultant, { limit: '3', offset: '9' })).toMatchObject({
      lines: [],
      offset: 9,
      sections: { due: 5, notDue: 2 },
    });
    // The read's audit row lists the patients of the page it sent, not the whole agenda.
    const reads = await auditRows(t.db, 'review.agenda.read', a.consultant.id);
    const second = must(reads.find((row) => (row.details as { offset?: number }).offset === 3));
    expect(await patientsListed(t.db, second.details)).toEqual(pages[1]?.lines.map((line) => line.patientId));
    // Should the library ever place a page differently from SQL, the agenda is ranked in Node instead:
    // the same answer, counted (the differential harness asserts the count stays 0).
    const repository = t.app.get(EpisodeAggregateRepository);
    const service = t.app.get(ReviewAgendaService);
    const mismatches = service.placementMismatches;
    const original = repository.agendaPage.bind(repository);
    const misplaced = jest.spyOn(repository, 'agendaPage').mockImplementation(async (query) => {
      const page = await original(query);
      return { ...page, rows: [...page.rows].reverse() };
    });
    try {
      const ranked = await agenda(a.consultant, { limit: '4', offset: '1' });
      expect(ranked.lines).toEqual(whole.lines.slice(1, 5));
      expect(ranked).toMatchObject({ offset: 1, sections: whole.sections, progress: whole.progress });
      expect(service.placementMismatches).toBe(mismatches + 1);
    } finally {
      misplaced.mockRestore();
    }
    // Bad paging names the field.
    for (const [query, field] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: 'all' }, 'limit'],
      [{ limit: '1001' }, 'limit'],
      [{ offset: '-1' }, 'offset'],
    ] as const) {
      const res = await request(server())
        .get('/api/review/agenda')
        .query(query)
        .set('Authorization', a.consultant.auth)
        .expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });

  it('computes an agenda, its consultant check and care manager names in one statement (issue #13)', async () => {
    const service = t.app.get(ReviewAgendaService);
    const actor = (staff: StaffFixture): Actor => ({ ...staff, sessionId: 'test', ip: null });
    const read = async (staff: StaffFixture, query: Record<string, string>) => {
      let result: ReviewAgenda | undefined;
      const statements = await dataStatements(async () => {
        result = await service.agenda(actor(staff), query);
      });
      return { agenda: must(result), statements: statements.filter((sql) => !/FROM clinic\b/.test(sql)) };
    };
    const { agenda: found, statements } = await read(a.consultant, {});
    expect(statements).toHaveLength(1);
    expect(found.lines.length).toBeGreaterThan(0);
    for (const line of found.lines) {
      expect(line.careManager).toEqual({ id: a.careManager.id, displayName: a.careManager.displayName });
    }
    // Nothing listed: the consultant check alone tells an empty agenda from an unknown consultant.
    const empty = await read(a.otherCareManager, { consultantId: a.consultant.id });
    expect(empty.agenda.lines).toEqual([]);
    expect(empty.statements).toHaveLength(2);
    await expect(read(a.careManager, { consultantId: b.consultant.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(read(a.careManager, { consultantId: a.careManager.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('sends the agenda gzipped to a client that accepts gzip, and plain JSON to one that does not', async () => {
    const raw = (encoding: string) =>
      request(server())
        .get('/api/review/agenda')
        .set('Authorization', a.consultant.auth)
        .set('Accept-Encoding', encoding)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
    const plain = await raw('identity');
    const gzipped = await raw('gzip');
    for (const res of [plain, gzipped]) {
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
    }
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const plainJson = JSON.parse((plain.body as Buffer).toString()) as ReviewAgenda;
    expect(plainJson.lines.length).toBeGreaterThan(3);
    // supertest inflates what it receives; the bytes on the wire are the smaller Content-Length.
    expect(JSON.parse((gzipped.body as Buffer).toString())).toEqual(plainJson);
    expect(Number(plain.headers['content-length'])).toBe((plain.body as Buffer).length);
    expect(Number(gzipped.headers['content-length'])).toBeLessThan((plain.body as Buffer).length / 3);
  });

  it('records a review with recommendations once per week; the agenda keeps its order and counts progress', async () => {
    const body = {
      weekOf: '2026-11-18',
      summary: 'Partial response; titrate.',
      recommendations: [
        { type: 'dose_change', detail: 'Increase sertraline', medication: 'sertraline', dose: '100 mg daily' },
        { type: 'psychotherapy', detail: 'Behavioural activation' },
      ],
    };
    const review = (await record(a.consultant, p.slow.episodeId, body).expect(201)).body as ConsultantReviewView;
    expect(review).toMatchObject({
      episodeId: p.slow.episodeId,
      patientId: p.slow.patientId,
      consultant: { id: a.consultant.id },
      weekOf: '2026-11-16',
      reviewedAt: '2026-11-20T17:00:00.000Z',
      summary: 'Partial response; titrate.',
    });
    expect(review.recommendations.map((rec) => [rec.type, rec.status, rec.medication, rec.dose, rec.version])).toEqual([
      ['dose_change', 'new', 'sertraline', '100 mg daily', 1],
      ['psychotherapy', 'new', null, null, 1],
    ]);

    const again = await record(a.consultant, p.slow.episodeId, { ...body, weekOf: '2026-11-16' }).expect(409);
    expect(again.body).toMatchObject({ code: 'DUPLICATE', field: 'weekOf' });

    const after = await agenda(a.consultant);
    expect(after.lines.map((line) => line.mrn)).toEqual([
      'R-safety',
      'R-older',
      'R-newer',
      'R-slow',
      'R-requested',
      'R-routine1',
      'R-routine2',
    ]);
    // The reason line is current: it says when the review was, not how long ago the previous one was.
    expect(must(after.lines.find((line) => line.mrn === 'R-slow'))).toMatchObject({
      reviewedThisWeek: true,
      reviewId: review.id,
      reviewedOn: '2026-11-20',
      reason: 'Reviewed today (NOT_IMPROVING)',
      dueThisWeek: true,
    });
    expect(after.progress).toEqual({ reviewed: 1, total: 5 });

    // Past week: R-routine2 was reviewed in it (never before it, so it was new then); R-routine1 not due.
    const past = await agenda(a.consultant, { weekOf: '2026-11-12' });
    expect(past).toMatchObject({ weekOf: '2026-11-09', asOf: '2026-11-15', progress: { reviewed: 1, total: 6 } });
    expect(must(past.lines.find((line) => line.reviewedThisWeek))).toMatchObject({
      mrn: 'R-routine2',
      reviewedOn: '2026-11-09',
      reason: 'Reviewed on 9 Nov 2026 (new patient)',
    });

    const audit = await auditRows(t.db, 'review.record', a.consultant.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      patient_id: p.slow.patientId,
      resource_id: review.id,
      details: { weekOf: '2026-11-16' },
    });
    expect(JSON.stringify(audit)).not.toMatch(/titrate|sertraline/);
  });

  it('rejects invalid reviews naming the field and writes nothing', async () => {
    const episodeId = p.routine1.episodeId;
    for (const [body, fields] of [
      [
        { weekOf: '2026-11-16', recommendations: [{ type: 'dose_change', detail: 'More' }] },
        ['recommendations.0.medication', 'recommendations.0.dose'],
      ],
      [{ weekOf: '2026-02-30', recommendations: [] }, ['weekOf']],
      [{ weekOf: '2026-11-16', recommendations: [{ type: 'magic', detail: 'x' }] }, ['recommendations.0.type']],
      [{ weekOf: '2026-11-16' }, ['recommendations']],
    ] as const) {
      const res = await record(a.consultant, episodeId, body).expect(400);
      for (const field of fields) expect(JSON.stringify(res.body.message)).toContain(field);
    }
    const future = await record(a.consultant, episodeId, { weekOf: '2026-11-23', recommendations: [] }).expect(400);
    expect(future.body).toMatchObject({ field: 'weekOf' });
    expect(await countReviews(episodeId)).toBe(1);
  });

  it('limits recording to the episode consultant and the agenda to the caller scope', async () => {
    const other = await createStaff(t, a.clinicId, 'psychiatric_consultant');
    await record(other, p.routine1.episodeId, { weekOf: '2026-11-16', recommendations: [] }).expect(404);
    await record(b.consultant, p.routine1.episodeId, { weekOf: '2026-11-16', recommendations: [] }).expect(404);
    await record(a.careManager, p.routine1.episodeId, { weekOf: '2026-11-16', recommendations: [] }).expect(403);
    // Consulting on an earlier episode of the patient shows the patient, but not this episode's review.
    await t.db.query(
      `INSERT INTO episode (clinic_id, patient_id, status, referred_on, consent_on, enrolled_on, discharged_on,
         discharge_reason, care_manager_id, consultant_id)
       SELECT clinic_id, patient_id, 'discharged', '2025-01-01', '2025-01-02', '2025-01-02', '2025-06-01', 'completed',
         care_manager_id, $2 FROM episode WHERE id = $1`,
      [p.routine1.episodeId, other.id],
    );
    const forbidden = await record(other, p.routine1.episodeId, { weekOf: '2026-11-16', recommendations: [] }).expect(
      403,
    );
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN_ACTION' });
    expect(await countReviews(p.routine1.episodeId)).toBe(1);

    expect(
      (await request(server()).get('/api/review/agenda').set('Authorization', a.careManager.auth).expect(400)).body,
    ).toMatchObject({ field: 'consultantId' });
    expect((await agenda(a.careManager, { consultantId: a.consultant.id })).lines).toHaveLength(7);
    expect((await agenda(a.otherCareManager, { consultantId: a.consultant.id })).lines).toHaveLength(0);
    expect((await agenda(other)).lines).toHaveLength(0);
    await agenda(a.careManager, { consultantId: b.consultant.id }, 404);
    await agenda(b.consultant, { consultantId: a.consultant.id }, 404);
    await agenda(a.leadership, { consultantId: a.consultant.id }, 403);
    await agenda(a.consultant, { weekOf: 'next week' }, 400);
  });

  it('summarises a patient on one screen', async () => {
    const res = await request(server())
      .get(`/api/review/patients/${p.slow.patientId}/summary`)
      .set('Authorization', a.consultant.auth)
      .expect(200);
    const summary = res.body as PatientReviewSummary;
    expect(summary).toMatchObject({
      patient: { id: p.slow.patientId, mrn: 'R-slow', familyName: 'Slow', birthDate: '1980-04-02' },
      episode: {
        id: p.slow.episodeId,
        status: 'active',
        enrolledAt: '2026-09-01',
        weeksInTreatment: 11,
        diagnoses: ['F32.1'],
      },
      asOf: '2026-11-20',
      phq9: {
        points: [
          { date: '2026-09-01', total: 20 },
          { date: '2026-11-10', total: 18 },
        ],
        measures: { percentChange: -10, response: false, targetScore: 10 },
      },
      gad7: { points: [], measures: { baseline: null } },
      careTeam: { careManager: { id: a.careManager.id }, consultant: { id: a.consultant.id }, pcp: { id: a.pcp.id } },
    });
    expect(summary.flags.map((flag) => flag.code)).toContain('NOT_IMPROVING');
    expect(summary.lastReview?.weekOf).toBe('2026-11-16');
    expect(summary.openRecommendations.map((rec) => rec.type)).toEqual(['dose_change', 'psychotherapy']);
    await request(server())
      .get(`/api/review/patients/${p.slow.patientId}/summary`)
      .set('Authorization', b.consultant.auth)
      .expect(404);
    await request(server())
      .get(`/api/review/patients/${p.slow.patientId}/summary`)
      .set('Authorization', a.admin.auth)
      .expect(403);
    expect((await auditRows(t.db, 'review.summary.read', a.consultant.id))[0]).toMatchObject({
      patient_id: p.slow.patientId,
    });
  });

  it("cuts routine reviews off at the clinic's routineReviewDays setting (admin, bounded by libs/scoring)", async () => {
    const patch = (body: object) =>
      request(server()).patch('/api/clinics/current').set('Authorization', a.admin.auth).send(body);
    const version = async (): Promise<number> =>
      (
        (await request(server()).get('/api/clinics/current').set('Authorization', a.admin.auth).expect(200)).body as {
          version: number;
        }
      ).version;

    const tooShort = await patch({ version: await version(), flagThresholds: { routineReviewDays: 6 } }).expect(400);
    expect(JSON.stringify(tooShort.body)).toContain('flagThresholds.routineReviewDays');
    expect((await agenda(a.consultant)).routineReviewDays).toBe(60);

    // 14 days: R-routine1 (48 days by Sunday) is due, R-routine2 (13 days by Sunday) still is not.
    await patch({ version: await version(), flagThresholds: { routineReviewDays: 14 } }).expect(200);
    const body = await agenda(a.consultant);
    expect(body.routineReviewDays).toBe(14);
    const routine = body.lines.filter((line) => line.bucket === 'longest_since_review');
    expect(routine.map((line) => [line.mrn, line.dueThisWeek, line.reason])).toEqual([
      ['R-routine1', true, 'Routine review due (every 14 days); last reviewed 46 days ago'],
      ['R-routine2', false, 'Not due this week; last reviewed 11 days ago (routine review every 14 days)'],
    ]);
    expect(body.progress.total).toBe(6);
    await patch({ version: await version(), flagThresholds: { routineReviewDays: null } }).expect(200);
    expect((await agenda(a.consultant)).progress.total).toBe(5);
  });
});
