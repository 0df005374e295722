import request from 'supertest';
import type { ClinicFixture } from './fixtures';
import { auditRows, openRegistry } from './registry-helpers';
import type { TestApp } from './test-app';

/**
 * `GET /api/imports` (issue #15): the caller's own import jobs, newest first, which the dashboard's
 * Import page polls for progress while its upload runs. Never another user's or clinic's jobs.
 */
describe('import jobs: GET /api/imports', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let seq = 0;

  beforeAll(async () => {
    ({ t, a, b } = await openRegistry());
  });
  afterAll(() => t.close());

  const header = 'mrn,given_name,family_name,birth_date,date,instrument,total';
  const mrn = (): string => `JOB-${Date.now().toString(36)}-${++seq}`;
  const upload = (auth: string, csv: string) =>
    request(t.app.getHttpServer())
      .post('/api/imports/csv')
      .set('Authorization', auth)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const jobs = (auth: string, query = '') =>
    request(t.app.getHttpServer()).get(`/api/imports${query}`).set('Authorization', auth);

  it("lists the caller's jobs newest first with their counts; a refused file is a failed job", async () => {
    const done = await upload(a.careManager.auth, `${header}\n${mrn()},Ana,Ruiz,1980-04-02,2026-03-02,PHQ-9,7`).expect(
      200,
    );
    await upload(a.careManager.auth, `${header}\n${mrn()},Bo,Lee,1980-04-02,2026-03-02,PHQ-9,99`).expect(400);
    const other = await upload(a.admin.auth, `${header}\n${mrn()},Cy,Ng,1970-01-01,2026-03-03,GAD-7,4`).expect(200);
    const elsewhere = await upload(
      b.careManager.auth,
      `${header}\n${mrn()},Di,Eve,1960-06-06,2026-03-04,PHQ-9,2`,
    ).expect(200);

    const mine = (await jobs(a.careManager.auth).expect(200)).body as Array<Record<string, unknown>>;
    expect(mine.slice(0, 2).map((j) => [j['status'], j['rowsTotal'], j['rowsFailed']])).toEqual([
      ['failed', 1, 1],
      ['done', 1, 0],
    ]);
    expect(mine[1]).toMatchObject({
      id: done.body.jobId,
      kind: 'csv',
      rowsLoaded: 1,
      rowsUnchanged: 0,
      patientsCreated: 1,
      finishedAt: expect.any(String),
    });
    const ids = mine.map((j) => j['id']);
    expect(ids).not.toContain(other.body.jobId); // another user's
    expect(ids).not.toContain(elsewhere.body.jobId); // another clinic's
    const failedOnly = (await jobs(a.careManager.auth, '?status=failed').expect(200)).body as Array<{ status: string }>;
    expect(failedOnly.length).toBeGreaterThan(0);
    expect(failedOnly.every((j) => j.status === 'failed')).toBe(true);
    expect(((await jobs(a.admin.auth).expect(200)).body as Array<{ id: string }>).map((j) => j.id)).toContain(
      other.body.jobId,
    );
  });

  it('refuses roles without the import permission (403) and a bad status naming it (400)', async () => {
    for (const who of [a.pcp, a.consultant, a.leadership]) await jobs(who.auth).expect(403);
    await jobs(a.careManager.auth, '?status=maybe')
      .expect(400)
      .expect((res) => expect(JSON.stringify(res.body.message)).toContain('status'));
  });

  it('reads counts only: no audit row of its own', async () => {
    const before = (await auditRows(t, a.clinicId)).length;
    await jobs(a.careManager.auth).expect(200);
    expect((await auditRows(t, a.clinicId)).length).toBe(before);
  });
});
