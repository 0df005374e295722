import request from 'supertest';
import type { CaseloadPage, CaseloadRow } from '@huddle/shared-types';
import { CaseloadService } from '../src/app/caseload/caseload.service';
import { NotFoundError } from '../src/app/common/errors';
import type { Actor } from '../src/app/common/request-actor';
import { auditRows, dataStatements, EpisodeBuilder, freezeClock, must, patientsListed } from './builders';
import { createClinic, createPatient, type ClinicFixture, type StaffFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

/** Friday 2026-11-20, 12:00 in New York (EST, UTC−5). */
const NOW = '2026-11-20T17:00:00Z';

describe('GET /api/caseload', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let slow: EpisodeBuilder;
  let safety: EpisodeBuilder;
  let referred: EpisodeBuilder;
  let others: EpisodeBuilder;

  const get = async (staff: StaffFixture, query: Record<string, string | number> = {}, status = 200) =>
    (
      await request(t.app.getHttpServer())
        .get('/api/caseload')
        .query(query)
        .set('Authorization', staff.auth)
        .expect(status)
    ).body as CaseloadPage;
  const ids = (page: CaseloadPage): string[] => page.items.map((row) => row.patientId);
  const row = (page: CaseloadPage, builder: EpisodeBuilder): CaseloadRow =>
    must(
      page.items.find((item) => item.patientId === builder.patientId),
      'caseload row',
    );

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, NOW);
    a = await createClinic(t);
    b = await createClinic(t);

    // Enrolled 2026-09-01: 80 days = week 11, PHQ-9 20 → 14 (−30 %): not improving; last review 66 days ago.
    slow = await (await EpisodeBuilder.create(t.db, a, { mrn: 'A-SLOW' })).named('Ada', 'Slowe');
    await slow.score('PHQ9', '2026-08-01', 5); // before the 14-day look-back: not the baseline
    await slow.score('PHQ9', '2026-08-25', 20); // within 14 days before enrolment: baseline
    await slow.score('PHQ9', '2026-09-29', 16);
    await slow.score('PHQ9', '2026-11-10', 14);
    await slow.score('GAD7', '2026-09-01', 12);
    await slow.score('GAD7', '2026-11-10', 6);
    await slow.contact('2026-09-01T14:00:00Z', 50, 'initial_assessment');
    await slow.contact('2026-11-01T03:30:00Z', 20); // 23:30 on Oct 31 in New York: last month
    await slow.contact('2026-11-01T04:30:00Z', 15); // 00:30 on Nov 1 in New York: this month
    await slow.contact('2026-11-18T15:00:00Z', 25);
    await slow.contact('2026-11-19T15:00:00Z', 5, 'outreach_attempt'); // minutes count, not a patient contact
    await slow.contact('2026-11-21T15:00:00Z', 30); // after "today": ignored
    await slow.review('2026-09-15T18:00:00Z', '2026-09-14');

    // Enrolled 2026-11-02, PHQ-9 item 9 answered 1 on 2026-11-15, never reviewed.
    safety = await (
      await EpisodeBuilder.create(t.db, a, { enrolledOn: '2026-11-02', mrn: 'A-SAFE' })
    ).named('Ben', 'Brave');
    await safety.score('PHQ9', '2026-11-15', 12, { item9: 1 });
    await safety.contact('2026-11-02T15:00:00Z', 40, 'initial_assessment');

    referred = await (await EpisodeBuilder.create(t.db, a, { status: 'referred', mrn: 'A-REF' })).named('Cy', 'Cole');
    others = await (
      await EpisodeBuilder.create(t.db, a, { careManagerId: a.otherCareManager.id, mrn: 'A-OTHER' })
    ).named('Dee', 'Other');
    await createPatient(t.db, b, { mrn: 'B-1' });
  });
  afterAll(() => t.close());

  it('computes baseline, latest, % change, weeks, last contact/review and minutes this month', async () => {
    const page = await get(a.careManager);
    expect(page.asOf).toBe('2026-11-20');
    expect(page.month).toBe('2026-11');
    expect(page.total).toBe(3);
    const r = row(page, slow);
    expect(r).toMatchObject({
      mrn: 'A-SLOW',
      givenName: 'Ada',
      familyName: 'Slowe',
      episodeStatus: 'active',
      enrolledAt: '2026-09-01',
      phq9: {
        baseline: { date: '2026-08-25', total: 20 },
        latest: { date: '2026-11-10', total: 14 },
        percentChange: -30,
      },
      gad7: {
        baseline: { date: '2026-09-01', total: 12 },
        latest: { date: '2026-11-10', total: 6 },
        percentChange: -50,
      },
      weeksInTreatment: 11,
      lastContactAt: '2026-11-18',
      lastReviewAt: '2026-09-15',
      minutesThisMonth: 45,
      safety: false,
      reviewRequested: false,
    });
    expect(r.flags.map((f) => [f.code, f.severity])).toEqual([
      ['NOT_IMPROVING', 'high'],
      ['REVIEW_OVERDUE', 'medium'],
    ]);
    expect(must(r.flags[0]).reason).toContain('Week 11');

    const s = row(page, safety);
    expect(s).toMatchObject({
      weeksInTreatment: 2,
      phq9: { baseline: { total: 12 }, latest: { total: 12 }, percentChange: null },
      gad7: { baseline: null, latest: null, percentChange: null },
      lastReviewAt: null,
      minutesThisMonth: 40,
      safety: true,
    });
    expect(s.flags.map((f) => f.code)).toEqual(['SAFETY', 'NEVER_REVIEWED']);
    expect(row(page, referred)).toMatchObject({
      episodeStatus: 'referred',
      enrolledAt: null,
      weeksInTreatment: null,
      flags: [],
    });
  });

  it('orders by priority by default and pages', async () => {
    expect(ids(await get(a.careManager))).toEqual([safety.patientId, slow.patientId, referred.patientId]);
    expect(ids(await get(a.careManager, { order: 'desc' }))).toEqual([
      referred.patientId,
      slow.patientId,
      safety.patientId,
    ]);
    const second = await get(a.careManager, { pageSize: 1, page: 2 });
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(ids(second)).toEqual([slow.patientId]);
  });

  it('sorts columns in SQL with nulls last and pages past the end', async () => {
    expect(ids(await get(a.careManager, { sort: 'name' }))).toEqual([
      safety.patientId,
      referred.patientId,
      slow.patientId,
    ]);
    expect(ids(await get(a.careManager, { sort: 'phq9Latest', order: 'desc' }))).toEqual([
      slow.patientId,
      safety.patientId,
      referred.patientId,
    ]);
    expect(ids(await get(a.careManager, { sort: 'minutesThisMonth', order: 'asc' }))).toEqual([
      referred.patientId,
      safety.patientId,
      slow.patientId,
    ]);
    const page = await get(a.careManager, { sort: 'name', pageSize: 2, page: 2 });
    expect([page.total, ids(page)]).toEqual([3, [slow.patientId]]);
    const beyond = await get(a.careManager, { sort: 'name', pageSize: 2, page: 5 });
    expect([beyond.total, beyond.items]).toEqual([3, []]);
  });

  it('filters by flag, severity, status and search', async () => {
    expect(ids(await get(a.careManager, { flag: 'SAFETY' }))).toEqual([safety.patientId]);
    expect(ids(await get(a.careManager, { severity: 'high' }))).toEqual([safety.patientId, slow.patientId]);
    expect(ids(await get(a.careManager, { flag: 'REVIEW_OVERDUE', sort: 'name' }))).toEqual([slow.patientId]);
    expect(ids(await get(a.careManager, { status: 'referred' }))).toEqual([referred.patientId]);
    expect(ids(await get(a.careManager, { search: 'slow' }))).toEqual([slow.patientId]);
    expect(ids(await get(a.careManager, { search: 'a-saf', sort: 'name' }))).toEqual([safety.patientId]);
    expect(ids(await get(a.careManager, { search: 'ben brave' }))).toEqual([safety.patientId]);
    expect((await get(a.careManager, { search: '%' })).total).toBe(0);
  });

  it('rejects bad query values naming the field', async () => {
    const bad = async (query: Record<string, string>, field: string) => {
      const res = await request(t.app.getHttpServer())
        .get('/api/caseload')
        .query(query)
        .set('Authorization', a.careManager.auth)
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    };
    await bad({ sort: 'ssn' }, 'sort');
    await bad({ pageSize: '500' }, 'pageSize');
    await bad({ page: '0' }, 'page');
    await bad({ flag: 'NOPE' }, 'flag');
    await bad({ careManagerId: 'not-a-uuid' }, 'careManagerId');
  });

  it("shows a colleague's caseload only to those covering it or consulting on it", async () => {
    await get(a.careManager, { careManagerId: a.otherCareManager.id }, 403);
    await t.db.query(
      `INSERT INTO caseload_coverage (clinic_id, covering_staff_id, covered_staff_id, starts_on, ends_on)
       VALUES ($1, $2, $3, '2026-11-01', '2026-11-30')`,
      [a.clinicId, a.careManager.id, a.otherCareManager.id],
    );
    expect(ids(await get(a.careManager, { careManagerId: a.otherCareManager.id }))).toEqual([others.patientId]);

    const res = await request(t.app.getHttpServer())
      .get('/api/caseload')
      .set('Authorization', a.consultant.auth)
      .expect(400);
    expect(res.body).toMatchObject({ field: 'careManagerId' });
    expect((await get(a.consultant, { careManagerId: a.careManager.id })).total).toBe(3);
    await get(a.careManager, { careManagerId: b.careManager.id }, 404);
    await get(a.careManager, { careManagerId: a.consultant.id }, 404);
    await get(b.careManager, { careManagerId: a.careManager.id }, 404);
    await get(a.pcp, {}, 403);
    await get(a.leadership, {}, 403);
    await get(a.admin, {}, 403);
  });

  it('reports capacity per FTE with the CASELOAD_OVER_CAPACITY flag', async () => {
    expect((await get(a.careManager)).capacity).toMatchObject({
      activePatients: 2,
      capacity: 75,
      overCapacity: false,
      flag: null,
    });
    await t.db.query(`UPDATE staff_user SET fte = 0.02 WHERE id = $1`, [a.careManager.id]); // capacity floor(1.5) = 1
    const capacity = (await get(a.careManager)).capacity;
    expect(capacity).toMatchObject({ activePatients: 2, fte: 0.02, capacity: 1, overCapacity: true });
    expect(capacity.flag).toMatchObject({
      code: 'CASELOAD_OVER_CAPACITY',
      evidence: { activePatients: 2, capacity: 1 },
    });
    await t.db.query(`UPDATE staff_user SET fte = 1 WHERE id = $1`, [a.careManager.id]);
  });

  it('reads a page in two statements: the access check with FTE and capacity count, then the rows with their total (issue #13)', async () => {
    const service = t.app.get(CaseloadService);
    const actor = (staff: StaffFixture): Actor => ({ ...staff, sessionId: 'test', ip: null });
    const read = async (staff: StaffFixture, query: Record<string, string | number>) => {
      let page: CaseloadPage | undefined;
      const statements = await dataStatements(async () => {
        page = (await service.listPrepared(actor(staff), query)).value;
      });
      return { page: must(page), statements: statements.filter((sql) => !/FROM clinic\b/.test(sql)) };
    };
    const queries: Array<[StaffFixture, Record<string, string | number>]> = [
      [a.careManager, {}],
      [a.careManager, { sort: 'phq9Latest', order: 'desc', pageSize: 2 }],
      [a.consultant, { careManagerId: a.careManager.id }],
    ];
    for (const [staff, query] of queries) {
      const { page, statements } = await read(staff, query);
      expect(statements).toHaveLength(2);
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.capacity.activePatients).toBe(2);
    }
    // A refused read stops after the check.
    await expect(read(a.careManager, { careManagerId: b.careManager.id })).rejects.toBeInstanceOf(NotFoundError);
    const refused = await dataStatements(() =>
      service.listPrepared(actor(a.pcp), { careManagerId: a.careManager.id }).catch(() => undefined),
    );
    expect(refused.filter((sql) => !/FROM clinic\b/.test(sql))).toHaveLength(1);
  });

  it('audits each read with patient ids but no search text', async () => {
    await get(a.careManager, { search: 'Slowe' });
    const rows = await auditRows(t.db, 'caseload.read', a.careManager.id);
    const last = must(rows[rows.length - 1]);
    expect(last.outcome).toBe('success');
    expect(last.details).toMatchObject({ filters: { search: true } });
    expect(await patientsListed(t.db, last.details)).toEqual([slow.patientId]);
    expect(JSON.stringify(last.details)).not.toContain('Slowe');
  });
});
