import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { EpisodeBuilder } from './builders';
import { createClinic, type ClinicFixture } from './fixtures';
import { auditRows, freezeClock } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';

/**
 * FHIR Bulk Data export (issue #15): kick-off → 202 + Content-Location; status 202 + X-Progress, then
 * 200 + manifest; NDJSON files behind the same token; `_type`, `_since`; DELETE cancels; scoping of
 * the export to what the requester may read; bad parameters → 400 OperationOutcome naming them.
 */
describe('FHIR bulk export', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let dir: string;
  let mine: EpisodeBuilder;
  let otherCaseload: EpisodeBuilder;
  let server: ReturnType<TestApp['app']['getHttpServer']>;

  const get = (url: string, auth: string) => request(server).get(url).set('Authorization', auth);
  const local = (url: string): string => {
    const u = new URL(url);
    return u.pathname + u.search;
  };

  async function kickOff(auth: string, query = ''): Promise<string> {
    const res = await get(`/fhir/R4/Group/${a.clinicId}/$export${query}`, auth)
      .set('Prefer', 'respond-async')
      .set('Accept', 'application/fhir+json')
      .expect(202);
    return local(res.headers['content-location'] as string);
  }

  async function waitForManifest(
    statusUrl: string,
    auth: string,
  ): Promise<{
    output: Array<{ type: string; url: string; count: number }>;
    transactionTime: string;
    requiresAccessToken: boolean;
  }> {
    for (let i = 0; i < 120; i++) {
      const res = await get(statusUrl, auth);
      if (res.status === 200) return res.body;
      expect(res.status).toBe(202);
      expect(res.headers['x-progress']).toEqual(expect.any(String));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('export did not finish');
  }

  async function ndjson(url: string, auth: string): Promise<Array<Record<string, unknown>>> {
    const res = await get(local(url), auth)
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
    return (res.body as string)
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'huddle-fhir-export-'));
    t = await createTestApp({ FHIR_EXPORT_DIR: dir });
    freezeClock(t);
    server = t.app.getHttpServer();
    a = await createClinic(t);
    b = await createClinic(t);
    mine = await EpisodeBuilder.create(t.db, a);
    otherCaseload = await EpisodeBuilder.create(t.db, a, {
      careManagerId: a.otherCareManager.id,
      pcpId: null,
      consultantId: null,
    });
    await EpisodeBuilder.create(t.db, b);
    await mine.score('PHQ9', '2026-02-02', 12);
    await mine.score('GAD7', '2026-02-09', 6);
    await otherCaseload.score('PHQ9', '2026-02-03', 18);
  });

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports what the requester may read as NDJSON per type, with progress and an audited manifest', async () => {
    const statusUrl = await kickOff(a.careManager.auth);
    expect(statusUrl).toMatch(/^\/fhir\/R4\/bulk-status\/[0-9a-f-]{36}$/);
    const manifest = await waitForManifest(statusUrl, a.careManager.auth);
    expect(manifest.requiresAccessToken).toBe(true);
    const byType = Object.fromEntries(manifest.output.map((o) => [o.type, o]));
    expect(Object.keys(byType).sort()).toEqual([
      'Condition',
      'EpisodeOfCare',
      'Observation',
      'Patient',
      'QuestionnaireResponse',
    ]);
    const patients = await ndjson(byType['Patient'].url, a.careManager.auth);
    expect(patients.map((p) => p['id'])).toEqual([mine.patientId]);
    const responses = await ndjson(byType['QuestionnaireResponse'].url, a.careManager.auth);
    expect(responses).toHaveLength(2);
    const observations = await ndjson(byType['Observation'].url, a.careManager.auth);
    expect(observations).toHaveLength(byType['Observation'].count);
    expect(observations).toHaveLength(11 + 9); // PHQ-9: panel, total, 9 items; GAD-7: panel, total, 7 items
    expect(
      observations.every((o) => (o['subject'] as { reference: string }).reference === `Patient/${mine.patientId}`),
    ).toBe(true);

    const actions = (await auditRows(t, a.clinicId)).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['fhir.export.start', 'fhir.export.complete', 'fhir.export.download']),
    );
    const complete = (await auditRows(t, a.clinicId, 'fhir.export.complete')).at(-1);
    expect(complete?.details).toMatchObject({ counts: { Patient: 1, QuestionnaireResponse: 2, Observation: 20 } });
  });

  it('honours _type and _since', async () => {
    const statusUrl = await kickOff(a.careManager.auth, '?_type=Patient,Observation&_since=2100-01-01T00:00:00Z');
    const manifest = await waitForManifest(statusUrl, a.careManager.auth);
    expect(manifest.output).toEqual([]);
    const typed = await waitForManifest(
      await kickOff(a.otherCareManager.auth, '?_type=QuestionnaireResponse'),
      a.otherCareManager.auth,
    );
    expect(typed.output.map((o) => o.type)).toEqual(['QuestionnaireResponse']);
    const rows = await ndjson(typed.output[0].url, a.otherCareManager.auth);
    expect(rows.map((r) => (r['subject'] as { reference: string }).reference)).toEqual([
      `Patient/${otherCaseload.patientId}`,
    ]);
  });

  it('keeps status and files to the requester, and cancels with DELETE', async () => {
    const statusUrl = await kickOff(a.careManager.auth, '?_type=Patient');
    await get(statusUrl, a.otherCareManager.auth).expect(404);
    await get(statusUrl, b.careManager.auth).expect(404);
    const manifest = await waitForManifest(statusUrl, a.careManager.auth);
    await get(local(manifest.output[0].url), a.otherCareManager.auth).expect(404);
    await request(server).get(local(manifest.output[0].url)).expect(401);
    const jobId = statusUrl.split('/').at(-1) as string;
    expect(await readdir(path.join(dir, jobId))).toEqual(['Patient.ndjson']);
    await request(server).delete(statusUrl).set('Authorization', a.otherCareManager.auth).expect(404);
    await get(statusUrl, a.careManager.auth).expect(200);
    await request(server).delete(statusUrl).set('Authorization', a.careManager.auth).expect(202);
    await get(statusUrl, a.careManager.auth).expect(404);
    await expect(readdir(path.join(dir, jobId))).rejects.toThrow();
    expect((await auditRows(t, a.clinicId, 'fhir.export.cancel')).at(-1)).toMatchObject({ actor_id: a.careManager.id });
  });

  it.each([
    ['?_type=Patient,Practitioner', '_type'],
    ['?_since=yesterday', '_since'],
    ['?_outputFormat=text/csv', '_outputFormat'],
  ])('answers %s with a 400 OperationOutcome naming %s, and starts nothing', async (query, name) => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM fhir_export_job WHERE clinic_id = $1`, [
      a.clinicId,
    ]);
    const res = await get(`/fhir/R4/Group/${a.clinicId}/$export${query}`, a.careManager.auth)
      .set('Prefer', 'respond-async')
      .expect(400);
    expect(res.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'invalid', expression: [name] }],
    });
    const after = await t.db.query(`SELECT count(*)::int AS n FROM fhir_export_job WHERE clinic_id = $1`, [a.clinicId]);
    expect(after).toEqual(before);
  });

  it('needs Prefer: respond-async, the caller’s own clinic (404) and patient access (403)', async () => {
    const noPrefer = await get(`/fhir/R4/Group/${a.clinicId}/$export`, a.careManager.auth).expect(400);
    expect(noPrefer.body.issue[0].expression).toEqual(['Prefer']);
    const other = await get(`/fhir/R4/Group/${b.clinicId}/$export`, a.careManager.auth)
      .set('Prefer', 'respond-async')
      .expect(404);
    expect(other.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    await get(`/fhir/R4/Group/${a.clinicId}/$export`, a.leadership.auth).set('Prefer', 'respond-async').expect(403);
  });
});
