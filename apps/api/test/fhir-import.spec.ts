import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { patientsListed } from './builders';
import { createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, count, must, openRegistry, summaryRowsOf } from './registry-helpers';
import { sharedFixtures } from './support/shared-fixtures';
import type { TestApp } from './test-app';

/** US Core examples, read where they are (../shared/fixtures), never copied. */
const US_CORE = sharedFixtures('us-core-examples');
const usCore = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(US_CORE, file), 'utf8')) as Record<string, unknown>;

type Json = Record<string, unknown>;
interface EntryResponse {
  response: {
    status: string;
    location?: string;
    outcome?: { issue: Array<{ expression: string[]; diagnostics: string }> };
  };
}

const PHQ9_ITEMS = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
const LA = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];

describe('FHIR import: POST /fhir/R4', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;
  let mrnSeq = 0;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  const mrnSystem = (clinic: ClinicFixture): string => `urn:huddle:clinic:${clinic.clinicId}:mrn`;
  const newMrn = (): string => `IMP-${Date.now().toString(36)}-${++mrnSeq}`;
  const patient = (clinic: ClinicFixture, mrn: string, id = 'example'): Json => ({
    fullUrl: `urn:uuid:patient-${id}`,
    resource: {
      resourceType: 'Patient',
      id,
      identifier: [{ system: mrnSystem(clinic), value: mrn }],
      name: [{ family: 'Shaw', given: ['Amy', 'V.'] }],
      birthDate: '1987-02-20',
      gender: 'female',
    },
    request: { method: 'POST', url: 'Patient' },
  });
  const entry = (resource: Json): Json => ({
    resource,
    request: { method: 'POST', url: String(resource['resourceType']) },
  });
  const bundle = (type: 'batch' | 'transaction', entries: Json[]): Json => ({
    resourceType: 'Bundle',
    type,
    entry: entries,
  });
  const post = (auth: string, body: unknown, contentType = 'application/fhir+json') =>
    request(t.app.getHttpServer())
      .post('/fhir/R4')
      .set('Authorization', auth)
      .set('Content-Type', contentType)
      .send(JSON.stringify(body));
  const assessmentsOf = async (patientId: string): Promise<Json[]> =>
    t.db.query(
      `SELECT instrument, administered_on::text AS date, source, answers, total, severity, complete, safety_risk, episode_id
       FROM assessment WHERE patient_id = $1 ORDER BY administered_on, instrument`,
      [patientId],
    );
  const patientIdOf = async (clinic: ClinicFixture, mrn: string): Promise<string> => {
    const rows: Array<{ id: string }> = await t.db.query(`SELECT id FROM patient WHERE clinic_id = $1 AND mrn = $2`, [
      clinic.clinicId,
      mrn,
    ]);
    return must(rows[0], `patient ${mrn}`).id;
  };
  const phq9Qr = (
    subject: string,
    answers: number[],
    total: number | null,
    authored = '2026-03-10T14:00:00Z',
    slash = true,
  ): Json => ({
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: 'http://loinc.org/q/44249-1',
    subject: { reference: subject },
    authored,
    item: [
      ...answers.map((value, i) => ({
        linkId: `${slash ? '/' : ''}${PHQ9_ITEMS[i]}`,
        answer: [
          i % 2 === 0 ? { valueCoding: { system: 'http://loinc.org', code: LA[value] } } : { valueInteger: value },
        ],
      })),
      ...(total === null ? [] : [{ linkId: `${slash ? '/' : ''}44261-6`, answer: [{ valueInteger: total }] }]),
    ],
  });

  it('imports the US Core PHQ-9 QuestionnaireResponse (total 12) as a scored import, idempotently', async () => {
    const mrn = newMrn();
    const body = bundle('transaction', [patient(a, mrn), entry(usCore('QuestionnaireResponse-phq-9-example.json'))]);
    const first = await post(a.careManager.auth, body).expect(200);
    expect(first.headers['content-type']).toContain('application/fhir+json');
    expect(first.body.resourceType).toBe('Bundle');
    expect(first.body.type).toBe('transaction-response');
    const statuses = (first.body.entry as EntryResponse[]).map((e) => e.response.status);
    expect(statuses).toEqual(['201 Created', '201 Created']);
    const patientId = await patientIdOf(a, mrn);
    expect((first.body.entry as EntryResponse[])[0]?.response.location).toBe(`Patient/${patientId}`);
    const rows = await assessmentsOf(patientId);
    expect(rows).toEqual([
      expect.objectContaining({
        instrument: 'PHQ9',
        date: '2022-11-29',
        source: 'import',
        total: 12,
        severity: 'moderate',
        complete: true,
        safety_risk: false,
        answers: expect.objectContaining({ phq9_1: 2, phq9_5: 1, phq9_8: 0, phq9_9: 0, phq9_difficulty: 1 }),
      }),
    ]);
    // The new patient is on the importing care manager's caseload (a referred episode), score attached.
    expect(rows[0]?.['episode_id']).not.toBeNull();
    await http.get(`/api/patients/${patientId}`, a.careManager.auth).expect(200);

    const before = await clinicFootprint(t, a.clinicId);
    const again = await post(a.careManager.auth, body).expect(200);
    expect((again.body.entry as EntryResponse[]).map((e) => e.response.status)).toEqual(['200 OK', '200 OK']);
    expect((again.body.entry as EntryResponse[])[1]?.response.location).toBe(
      (first.body.entry as EntryResponse[])[1]?.response.location,
    );
    const after = await clinicFootprint(t, a.clinicId);
    expect({ ...after, audit: before['audit'] }).toEqual(before);
    expect(await assessmentsOf(patientId)).toHaveLength(1);
  });

  it('imports the US Core PHQ-9 and AUDIT-C Observations (panel, items, total) as one score each', async () => {
    const mrn = newMrn();
    const files = [
      'Observation-PHQ9-panel-example-44249-1.json',
      ...[
        '44250-9',
        '44251-7',
        '44252-5',
        '44253-3',
        '44254-1',
        '44255-8',
        '44258-2',
        '44259-0',
        '44260-8',
        '44261-6',
        '69722-7',
      ].map((code) => `Observation-PHQ9-item-example-${code}.json`),
      'Observation-AUDIT-C-panel-example-72109-2.json',
      ...['68517-2', '68519-8', '68520-6', '75626-2'].map((code) => `Observation-AUDIT-C-item-example-${code}.json`),
    ];
    const res = await post(
      a.careManager.auth,
      bundle('batch', [patient(a, mrn), ...files.map((f) => entry(usCore(f)))]),
    ).expect(200);
    expect((res.body.entry as EntryResponse[]).every((e) => e.response.status === '201 Created')).toBe(true);
    const rows = await assessmentsOf(await patientIdOf(a, mrn));
    expect(rows).toEqual([
      expect.objectContaining({ instrument: 'PHQ9', date: '2022-11-29', total: 12, complete: true, source: 'import' }),
      expect.objectContaining({
        instrument: 'AUDITC',
        date: '2023-08-14',
        total: 0,
        complete: true,
        answers: { auditc_1: 0, auditc_2: 0, auditc_3: 0 },
      }),
    ]);
    // The panel's items share one location: the administration they form.
    const locations = new Set((res.body.entry as EntryResponse[]).slice(1, 13).map((e) => e.response.location));
    expect(locations.size).toBe(1);
  });

  it('imports the US Core AUDIT-C QuestionnaireResponse and bare linkIds with ordinal values', async () => {
    const mrn = newMrn();
    const res = await post(
      a.careManager.auth,
      bundle('transaction', [
        patient(a, mrn),
        entry(usCore('QuestionnaireResponse-AUDIT-C.json')),
        entry(phq9Qr('Patient/example', [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, '2026-03-02T15:00:00Z', false)),
      ]),
      'application/json',
    ).expect(200);
    expect((res.body.entry as EntryResponse[]).map((e) => e.response.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const rows = await assessmentsOf(await patientIdOf(a, mrn));
    expect(rows.map((r) => [r['instrument'], r['total']])).toEqual([
      ['AUDITC', 0],
      ['PHQ9', 4],
    ]);
  });

  it('judges an imported AUDIT-C by the patient’s recorded sex (≥ 3 women, ≥ 4 otherwise), also when the sex arrives later', async () => {
    // Item 1 "2–3 times a week" (LA18928-4) = 3, items 2 and 3 = 0: total 3.
    const auditC3 = (subject: string): Json => ({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'http://loinc.org/q/72109-2',
      subject: { reference: subject },
      authored: '2026-03-05T10:00:00Z',
      item: [
        { linkId: '/68518-0', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA18928-4' } }] },
        { linkId: '/68519-8', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA15694-5' } }] },
        { linkId: '/68520-6', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6270-8' } }] },
      ],
    });
    const screenOf = async (mrn: string): Promise<unknown> =>
      (
        await t.db.query(
          `SELECT total, positive_screen FROM assessment WHERE patient_id = $1 AND instrument = 'AUDITC'`,
          [await patientIdOf(a, mrn)],
        )
      )[0];
    const asSex = (mrn: string, gender: string | undefined, id: string): Json => {
      const withSex = patient(a, mrn, id);
      const resource = { ...(withSex['resource'] as Json) };
      if (gender === undefined) delete resource['gender'];
      else resource['gender'] = gender;
      return { ...withSex, resource };
    };
    const [woman, man, later] = [newMrn(), newMrn(), newMrn()];
    await post(
      a.careManager.auth,
      bundle('transaction', [
        asSex(woman, 'female', 'w'),
        entry(auditC3('Patient/w')),
        asSex(man, 'male', 'm'),
        entry(auditC3('Patient/m')),
        asSex(later, undefined, 'l'),
        entry(auditC3('Patient/l')),
      ]),
    ).expect(200);
    expect(await screenOf(woman)).toEqual({ total: 3, positive_screen: true });
    expect(await screenOf(man)).toEqual({ total: 3, positive_screen: false });
    expect(await screenOf(later)).toEqual({ total: 3, positive_screen: false });
    // The same patient again, now with a recorded sex: filled in, and the stored screen re-judged.
    await post(a.careManager.auth, bundle('transaction', [asSex(later, 'female', 'l')])).expect(200);
    expect(await screenOf(later)).toEqual({ total: 3, positive_screen: true });
  });

  it('reads every LOINC answer code of AUDIT-C item 1 and the PCL-5 scale as its ordinal', async () => {
    const mrn = newMrn();
    const coding = (code: string) => [{ valueCoding: { system: 'http://loinc.org', code } }];
    const auditC = (authored: string, item1: string): Json => ({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'http://loinc.org/q/72109-2',
      subject: { reference: 'Patient/example' },
      authored,
      item: [
        { linkId: '/68518-0', answer: coding(item1) },
        { linkId: '/68519-8', answer: coding('LA15694-5') },
        { linkId: '/68520-6', answer: coding('LA6270-8') },
      ],
    });
    // Answer list LL2179-1, in order: Never … 4 or more times a week.
    const item1 = ['LA6270-8', 'LA18926-8', 'LA18927-6', 'LA18928-4', 'LA18929-2'];
    const pclScale = ['LA6568-5', 'LA13863-8', 'LA13939-6', 'LA13902-4', 'LA14868-6'];
    const pcl5: Json = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'http://loinc.org/q/101697-1',
      subject: { reference: 'Patient/example' },
      authored: '2026-03-09T10:00:00Z',
      item: Array.from({ length: 20 }, (_, i) => ({ linkId: `pcl5_${i + 1}`, answer: coding(pclScale[i % 5] ?? '') })),
    };
    await post(
      a.careManager.auth,
      bundle('transaction', [
        patient(a, mrn),
        ...item1.map((code, i) => entry(auditC(`2026-03-0${i + 1}T10:00:00Z`, code))),
        entry(pcl5),
      ]),
    ).expect(200);
    const rows = await assessmentsOf(await patientIdOf(a, mrn));
    expect(rows.filter((r) => r['instrument'] === 'AUDITC').map((r) => (r['answers'] as Json)['auditc_1'])).toEqual([
      0, 1, 2, 3, 4,
    ]);
    const pcl = must(
      rows.find((r) => r['instrument'] === 'PCL5'),
      'PCL-5 row',
    );
    expect(Object.values(pcl['answers'] as Json)).toHaveLength(20);
    // Four times 0 + 1 + 2 + 3 + 4.
    expect(pcl['total']).toBe(40);
  });

  it('imports a total-only Observation and raises the same flags as a typed score (item 9 → SAFETY)', async () => {
    const p = await createPatient(t.db, a);
    const gad7Total = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '70274-6' }] },
      subject: { reference: `Patient?identifier=${mrnSystem(a)}|${p.mrn}` },
      effectiveDateTime: '2026-03-09',
      valueInteger: 15,
    };
    const res = await post(
      a.careManager.auth,
      bundle('batch', [entry(gad7Total), entry(phq9Qr(`Patient/${p.patientId}`, [2, 2, 2, 2, 1, 1, 1, 1, 2], 14))]),
    ).expect(200);
    expect((res.body.entry as EntryResponse[]).map((e) => e.response.status)).toEqual(['201 Created', '201 Created']);
    expect(await assessmentsOf(p.patientId)).toEqual([
      expect.objectContaining({
        instrument: 'GAD7',
        total: 15,
        severity: 'severe',
        answers: {},
        episode_id: p.episodeId,
      }),
      expect.objectContaining({ instrument: 'PHQ9', total: 14, safety_risk: true, episode_id: p.episodeId }),
    ]);
    const flags = await http.get(`/api/patients/${p.patientId}/flags`, a.careManager.auth).expect(200);
    expect((flags.body.computed as Array<{ code: string }>).map((f) => f.code)).toContain('SAFETY');
  });

  it('refuses a transaction whose stated total disagrees with the items, naming it, writing nothing', async () => {
    const mrn = newMrn();
    const before = await clinicFootprint(t, a.clinicId);
    const res = await post(
      a.careManager.auth,
      bundle('transaction', [patient(a, mrn), entry(phq9Qr('Patient/example', [1, 1, 1, 1, 1, 1, 1, 1, 0], 9))]),
    ).expect(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'invalid',
        expression: ['Bundle.entry[1].resource.item[9].answer[0]'],
        diagnostics: expect.stringContaining('stated PHQ-9 total 9 disagrees with the items (total 8)'),
      }),
    ]);
    expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
  });

  it('answers a batch per entry: the bad entry refused with an OperationOutcome, the rest loaded', async () => {
    const mrn = newMrn();
    const res = await post(
      a.careManager.auth,
      bundle('batch', [
        patient(a, mrn),
        entry(phq9Qr('Patient/example', [1, 1, 1, 1, 1, 1, 1, 1, 0], 9)),
        entry(phq9Qr('Patient/example', [3, 3, 3, 3, 3, 3, 3, 3, 0], 24, '2026-03-11T14:00:00Z')),
        entry({ resourceType: 'Coverage', status: 'active' }),
      ]),
    ).expect(200);
    const entries = res.body.entry as EntryResponse[];
    expect(entries.map((e) => e.response.status)).toEqual([
      '201 Created',
      '400 Bad Request',
      '201 Created',
      '400 Bad Request',
    ]);
    expect(entries[1]?.response.outcome?.issue[0]?.expression).toEqual(['Bundle.entry[1].resource.item[9].answer[0]']);
    expect(entries[3]?.response.outcome?.issue[0]?.expression).toEqual(['Bundle.entry[3].resource.resourceType']);
    expect((await assessmentsOf(await patientIdOf(a, mrn))).map((r) => r['total'])).toEqual([24]);
  });

  it.each([
    [{ resourceType: 'Patient' }, 'Bundle'],
    [{ resourceType: 'Bundle', type: 'collection', entry: [] }, 'Bundle.type'],
    [{ resourceType: 'Bundle', type: 'batch', entry: {} }, 'Bundle.entry'],
  ])('answers %j with 400 OperationOutcome naming %s', async (body, expression) => {
    const res = await post(a.careManager.auth, body).expect(400);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ expression: [expression] }] });
  });

  it.each([
    ['an out-of-range answer', { linkId: '/44250-9', answer: [{ valueInteger: 4 }] }, 'item[0].answer[0]'],
    [
      'an unknown answer code',
      { linkId: '/44250-9', answer: [{ valueCoding: { code: 'LA9999-9' } }] },
      'item[0].answer[0]',
    ],
    ['an unknown linkId', { linkId: '/12345-6', answer: [{ valueInteger: 1 }] }, 'item[0].linkId'],
  ])('refuses %s naming the element', async (_what, item, expression) => {
    const qr = { ...phq9Qr('Patient/example', [], null), item: [item] };
    const res = await post(a.careManager.auth, bundle('transaction', [patient(a, newMrn()), entry(qr)])).expect(400);
    expect(res.body.issue[0].expression).toEqual([`Bundle.entry[1].resource.${expression}`]);
  });

  it("refuses a score dated in the clinic's future or before the birth date", async () => {
    const res = await post(
      a.careManager.auth,
      bundle('batch', [
        patient(a, newMrn()),
        entry(phq9Qr('Patient/example', [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, '2026-03-17T12:00:00Z')),
        entry(phq9Qr('Patient/example', [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, '1980-03-17T12:00:00Z')),
      ]),
    ).expect(200);
    expect((res.body.entry as EntryResponse[]).map((e) => e.response.status)).toEqual([
      '201 Created',
      '400 Bad Request',
      '400 Bad Request',
    ]);
  });

  it("answers 404 per entry for another clinic's patient and another caseload's patient", async () => {
    const other = await createPatient(t.db, b);
    const colleague = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id });
    const res = await post(
      a.careManager.auth,
      bundle('batch', [
        entry(phq9Qr(`Patient/${other.patientId}`, [0, 0, 0, 0, 0, 0, 0, 0, 0], 0)),
        entry(phq9Qr(`Patient?identifier=${mrnSystem(a)}|${colleague.mrn}`, [0, 0, 0, 0, 0, 0, 0, 0, 0], 0)),
        patient(a, colleague.mrn, 'colleague'),
      ]),
    ).expect(200);
    const entries = res.body.entry as EntryResponse[];
    expect(entries.map((e) => e.response.status)).toEqual(['404 Not Found', '404 Not Found', '404 Not Found']);
    expect(
      await count(t, `SELECT 1 FROM assessment WHERE patient_id = ANY($1)`, [[other.patientId, colleague.patientId]]),
    ).toBe(0);
  });

  it('refuses roles without the import permission with 403', async () => {
    for (const who of [a.pcp, a.consultant, a.leadership]) {
      await post(who.auth, bundle('batch', [])).expect(403);
    }
  });

  it('matches identifiers typed MR when the clinic allows it, and only then', async () => {
    const mr = {
      fullUrl: 'urn:uuid:mr',
      resource: {
        resourceType: 'Patient',
        identifier: [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
            system: 'https://ehr.example.org/',
            value: newMrn(),
          },
        ],
        name: [{ family: 'Typed', given: ['Mr'] }],
        birthDate: '2001-05-05',
      },
    };
    await post(b.admin.auth, bundle('transaction', [mr])).expect(200);
    await t.db.query(`UPDATE clinic SET accept_mr_identifiers = false WHERE id = $1`, [b.clinicId]);
    const refused = await post(b.admin.auth, bundle('transaction', [mr])).expect(400);
    expect(refused.body.issue[0].expression).toEqual(['Bundle.entry[0].resource.identifier']);
    await t.db.query(`UPDATE clinic SET accept_mr_identifiers = true WHERE id = $1`, [b.clinicId]);
  });

  it('writes one audit row per Bundle with counts and the patients, no PHI', async () => {
    const mrn = newMrn();
    await post(
      a.careManager.auth,
      bundle('batch', [
        patient(a, mrn),
        entry(phq9Qr('Patient/example', [1, 0, 0, 0, 0, 0, 0, 0, 0], 1, '2026-03-03T14:00:00Z')),
      ]),
    ).expect(200);
    const patientId = await patientIdOf(a, mrn);
    const rows = (await auditRows(t, a.clinicId, 'import.fhir')).slice(-1);
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: a.careManager.id,
        resource_type: 'bundle',
        details: expect.objectContaining({
          bundleType: 'batch',
          entries: 2,
          resourceTypes: { Patient: 1, QuestionnaireResponse: 1 },
          patientsCreated: 1,
          assessmentsCreated: 1,
        }),
      }),
    ]);
    expect(await patientsListed(t.db, must(rows[0]).details)).toEqual([patientId]);
    expect(JSON.stringify(rows)).not.toContain(mrn);
    expect(JSON.stringify(rows)).not.toContain('Shaw');
  });
  it('leaves the episode summaries the statement triggers would (one set-based refresh per Bundle)', async () => {
    const existing = await createPatient(t.db, a, { careManagerId: a.careManager.id, enrolledOn: '2026-01-05' });
    const mrn = newMrn();
    await post(
      a.careManager.auth,
      bundle('batch', [
        patient(a, mrn, 'summary'),
        entry(phq9Qr('urn:uuid:patient-summary', [2, 2, 2, 2, 2, 2, 0, 0, 0], 12, '2026-02-01T14:00:00Z')),
        entry(phq9Qr(`Patient/${existing.patientId}`, [3, 3, 2, 2, 2, 2, 1, 1, 0], 16, '2026-01-06T14:00:00Z')),
        entry(phq9Qr(`Patient/${existing.patientId}`, [1, 1, 1, 1, 1, 0, 0, 0, 1], 6, '2026-02-20T14:00:00Z')),
      ]),
    ).expect(200);
    const ids = [existing.patientId, await patientIdOf(a, mrn)];
    const of = (relation: 'episode_summary' | 'episode_summary_source'): Promise<Json[]> =>
      summaryRowsOf(t, relation, ids);
    const stored = await of('episode_summary');
    expect(stored).toHaveLength(2);
    expect(stored).toEqual(await of('episode_summary_source'));
    expect(stored.find((r) => (r['row'] as Json)['episode_id'] === existing.episodeId)?.['row']).toMatchObject({
      max_assessment_on: '2026-02-20',
    });
  });

  it('imports a Bundle over 1 MiB (both JSON media types) with 1,200 entries; other bodies keep their 1 MiB limit', async () => {
    // 200 patients × 5 PHQ-9 responses + 200 Patients: ~1.5 MB, past the 1 MiB of every other JSON body and
    // past the 1,000 items of every other JSON array (ADR 0010).
    const entries: Json[] = [];
    const mrns: string[] = [];
    for (let p = 0; p < 200; p++) {
      const mrn = newMrn();
      mrns.push(mrn);
      entries.push(patient(a, mrn, `big-${p}`));
      for (let s = 0; s < 5; s++) {
        const answers = PHQ9_ITEMS.map((_, i) => (p + s + i) % 4);
        const total = answers.reduce((x, y) => x + y, 0);
        entries.push(entry(phq9Qr(`urn:uuid:patient-big-${p}`, answers, total, `2025-0${s + 1}-1${s}T14:00:00Z`)));
      }
    }
    const body = bundle('transaction', entries);
    expect(JSON.stringify(body).length).toBeGreaterThan(1_048_576);
    for (const contentType of ['application/fhir+json', 'application/json']) {
      const res = await post(a.careManager.auth, body, contentType);
      expect([res.status, res.status === 200 ? null : JSON.stringify(res.body).slice(0, 500)]).toEqual([200, null]);
      const statuses = new Set((res.body.entry as EntryResponse[]).map((e) => e.response.status));
      // The second post (other media type) finds everything already imported.
      expect(statuses).toEqual(new Set([contentType === 'application/json' ? '200 OK' : '201 Created']));
    }
    const rows: Array<{ n: string }> = await t.db.query(
      `SELECT count(*) AS n FROM assessment s JOIN patient p ON p.id = s.patient_id WHERE p.clinic_id = $1 AND p.mrn = ANY($2)`,
      [a.clinicId, mrns],
    );
    expect(Number(rows[0]?.n)).toBe(1000);
    // The rest of the API still refuses a JSON body over 1 MiB with 413.
    await request(t.app.getHttpServer())
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ note: 'x'.repeat(1_100_000) }))
      .expect(413);
  });

  it('bounds an import Bundle before parsing (depth, keys per object) and its entries, with an OperationOutcome', async () => {
    const deep = `{"resourceType":"Bundle","type":"batch","entry":[${'['.repeat(40)}${']'.repeat(40)}]}`;
    const tooDeep = await request(t.app.getHttpServer())
      .post('/fhir/R4')
      .set('Authorization', a.careManager.auth)
      .set('Content-Type', 'application/fhir+json')
      .send(deep);
    expect(tooDeep.status).toBe(400);
    expect(JSON.stringify(tooDeep.body)).toContain('nests deeper than 32 levels');
    const wide = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [],
      ...Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])),
    };
    const tooWide = await post(a.careManager.auth, wide);
    expect(tooWide.status).toBe(400);
    expect(JSON.stringify(tooWide.body)).toContain('more than 1000 keys');
    const control = await post(
      a.careManager.auth,
      bundle('batch', [
        {
          ...patient(a, newMrn()),
          resource: { ...(patient(a, 'x').resource as Json), name: [{ family: 'Sh\u0000aw' }] },
        },
      ]),
    );
    expect(control.status).toBe(400);
    expect(control.body.resourceType).toBe('OperationOutcome');
    expect(control.body.issue[0].expression).toEqual(['Bundle.entry[0].resource.name[0].family']);
  });
});
