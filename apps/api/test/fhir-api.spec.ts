import request from 'supertest';
import { answersFor, EpisodeBuilder, must } from './builders';
import { auditRows, openRegistry } from './registry-helpers';
import type { ClinicFixture } from './fixtures';
import type { TestApp } from './test-app';

/**
 * FHIR R4 read/search API (issue #15): routing under /fhir/R4, content type, scoping (another clinic or
 * another caseload → 404 OperationOutcome), roles (403), audit rows, searches done in SQL with keyset
 * paging links that work, `_count` bounds and bad parameters → 400 OperationOutcome naming them.
 */
describe('FHIR R4 API', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let mine: EpisodeBuilder;
  let otherCaseload: EpisodeBuilder;
  let otherClinic: EpisodeBuilder;
  let phq9Id: string;
  let server: ReturnType<TestApp['app']['getHttpServer']>;

  const get = (path: string, auth: string) => request(server).get(path).set('Authorization', auth);

  beforeAll(async () => {
    ({ t, a, b } = await openRegistry());
    server = t.app.getHttpServer();
    mine = await EpisodeBuilder.create(t.db, a);
    otherCaseload = await EpisodeBuilder.create(t.db, a, {
      careManagerId: a.otherCareManager.id,
      consultantId: null,
      pcpId: null,
    });
    otherClinic = await EpisodeBuilder.create(t.db, b);
    phq9Id = await mine.score('PHQ9', '2026-02-02', 12);
    await mine.score('GAD7', '2026-02-16', 8);
    await otherCaseload.score('PHQ9', '2026-02-03', 15);
    await otherClinic.score('PHQ9', '2026-02-04', 20);
  });

  afterAll(() => t.close());

  it('answers the CapabilityStatement without a token, as application/fhir+json', async () => {
    const res = await request(server).get('/fhir/R4/metadata').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body.resourceType).toBe('CapabilityStatement');
    const types = res.body.rest[0].resource.map((r: { type: string }) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'Patient',
        'EpisodeOfCare',
        'Condition',
        'Questionnaire',
        'QuestionnaireResponse',
        'Observation',
        'CarePlan',
        'Group',
      ]),
    );
  });

  it('reads a patient of the caller with the clinic MRN identifier system, and audits the read', async () => {
    const res = await get(`/fhir/R4/Patient/${mine.patientId}`, a.careManager.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body).toMatchObject({
      resourceType: 'Patient',
      id: mine.patientId,
      identifier: [{ system: `urn:huddle:clinic:${a.clinicId}:mrn`, value: mine.mrn }],
      birthDate: '1980-04-02',
    });
    const rows = await auditRows(t, a.clinicId, 'fhir.read');
    expect(rows.at(-1)).toMatchObject({
      actor_id: a.careManager.id,
      patient_id: mine.patientId,
      resource_type: 'Patient',
      resource_id: mine.patientId,
      outcome: 'success',
    });
  });

  it("answers another clinic's and another caseload's ids with a 404 OperationOutcome", async () => {
    for (const path of [
      `/fhir/R4/Patient/${otherClinic.patientId}`,
      `/fhir/R4/Patient/${otherCaseload.patientId}`,
      `/fhir/R4/EpisodeOfCare/${otherClinic.episodeId}`,
      `/fhir/R4/QuestionnaireResponse/${phq9Id}`,
    ]) {
      const auth = path.includes(phq9Id) ? b.careManager.auth : a.careManager.auth;
      const res = await get(path, auth).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(res.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'not-found' }],
      });
    }
  });

  it('answers an unsupported resource type with a 404 OperationOutcome', async () => {
    for (const path of ['/fhir/R4/Practitioner', '/fhir/R4/Practitioner/123']) {
      const res = await get(path, a.careManager.auth).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-supported' }] });
    }
  });

  it('refuses roles without patient access (403) and missing tokens (401) as OperationOutcome', async () => {
    const forbidden = await get('/fhir/R4/Patient', a.leadership.auth).expect(403);
    expect(forbidden.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    const anonymous = await request(server).get('/fhir/R4/Observation').expect(401);
    expect(anonymous.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
  });

  it('searches within the caller’s scope: a care manager sees their caseload, the PCP their patients', async () => {
    const cm = await get('/fhir/R4/Patient', a.careManager.auth).expect(200);
    const cmIds = cm.body.entry.map((e: { resource: { id: string } }) => e.resource.id);
    expect(cmIds).toEqual([mine.patientId]);
    expect(cm.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const other = await get('/fhir/R4/Patient', a.otherCareManager.auth).expect(200);
    expect(other.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([otherCaseload.patientId]);
    const pcp = await get('/fhir/R4/Patient', a.pcp.auth).expect(200);
    expect(pcp.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([mine.patientId]);
    const search = (await auditRows(t, a.clinicId, 'fhir.search')).at(-1);
    expect(search).toMatchObject({ actor_id: a.pcp.id, resource_type: 'Patient' });
    expect(search?.details).toMatchObject({ count: 1, total: 1, params: [] });
  });

  it('finds the PHQ-9 total by LOINC code and date, in the US Core screening-assessment shape', async () => {
    const res = await get(
      `/fhir/R4/Observation?patient=${mine.patientId}&code=http://loinc.org|44261-6&date=ge2026-02-01&date=le2026-02-28`,
      a.careManager.auth,
    ).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.entry[0].resource).toMatchObject({
      resourceType: 'Observation',
      id: `${phq9Id}-total`,
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      valueInteger: 12,
      effectiveDateTime: '2026-02-02',
    });
    const panel = await get(`/fhir/R4/Observation/${phq9Id}`, a.careManager.auth).expect(200);
    expect(panel.body.code.coding[0].code).toBe('44249-1');
    expect(panel.body.hasMember).toContainEqual({ reference: `Observation/${phq9Id}-total` });
    for (const member of panel.body.hasMember as Array<{ reference: string }>) {
      await get(`/fhir/R4/${member.reference}`, a.careManager.auth).expect(200);
    }
    const none = await get(
      `/fhir/R4/Observation?patient=${mine.patientId}&code=44261-6&date=lt2026-02-02`,
      a.careManager.auth,
    ).expect(200);
    expect(none.body.total).toBe(0);
  });

  it('writes the QuestionnaireResponse with LOINC linkIds, answer codes and the total as an item', async () => {
    const res = await get(`/fhir/R4/QuestionnaireResponse/${phq9Id}`, a.careManager.auth).expect(200);
    const answers = answersFor('PHQ9', 12);
    const first = res.body.item.find((i: { linkId: string }) => i.linkId === '44250-9');
    const expectedCode = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'][must(answers['phq9_1'])];
    expect(first.answer[0].valueCoding).toMatchObject({ system: 'http://loinc.org', code: expectedCode });
    expect(res.body.item.find((i: { linkId: string }) => i.linkId === '44261-6').answer).toEqual([
      { valueInteger: 12 },
    ]);
  });

  it('pages with next links (keyset) until every entry has been seen once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/fhir/R4/Observation?patient=${mine.patientId}&_count=4`;
    let total = -1;
    while (url) {
      const res: request.Response = await get(url, a.careManager.auth).expect(200);
      total = res.body.total;
      seen.push(...res.body.entry.map((e: { resource: { id: string } }) => e.resource.id));
      const next: { url: string } | undefined = (res.body.link as Array<{ relation: string; url: string }>).find(
        (l) => l.relation === 'next',
      );
      url = next ? new URL(next.url).pathname + new URL(next.url).search : undefined;
    }
    // PHQ-9: panel, total, 9 scored items answered; GAD-7: panel, total, 7 items.
    expect(total).toBe(11 + 9);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it.each([
    ['_count=0', '_count'],
    ['_count=1001', '_count'],
    ['_count=ten', '_count'],
    ['date=2026-13-01', 'date'],
    ['date=sa2026-01-01', 'date'],
    ['patient=12', 'patient'],
    ['colour=blue', 'colour'],
    ['_cursor=bogus', '_cursor'],
  ])('answers %s with a 400 OperationOutcome naming %s', async (query, name) => {
    const res = await get(`/fhir/R4/Observation?${query}`, a.careManager.auth).expect(400);
    expect(res.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invalid' }],
    });
    expect(res.body.issue[0].diagnostics).toContain(name);
    expect(res.body.issue[0].expression).toEqual([name]);
  });
});
