import request from 'supertest';
import { patientsListed } from './builders';
import { createPatient, type ClinicFixture } from './fixtures';
import { auditRows, clinicFootprint, count, must, openRegistry, summaryRowsOf } from './registry-helpers';
import type { TestApp } from './test-app';

type Json = Record<string, unknown>;

describe('CSV import: POST /api/imports/csv', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let seq = 0;

  beforeAll(async () => {
    ({ t, a, b } = await openRegistry());
  });
  afterAll(() => t.close());

  const mrn = (): string => `CSV-${Date.now().toString(36)}-${++seq}`;
  const post = (auth: string, csv: string, query = '') =>
    request(t.app.getHttpServer())
      .post(`/api/imports/csv${query}`)
      .set('Authorization', auth)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const header =
    'mrn,given_name,family_name,birth_date,date,instrument,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9,total';
  const scoresOf = async (clinic: ClinicFixture, m: string): Promise<Json[]> =>
    t.db.query(
      `SELECT s.instrument, s.administered_on::text AS date, s.total, s.source, s.complete, s.safety_risk, s.answers,
         s.episode_id IS NOT NULL AS on_episode
       FROM assessment s JOIN patient p ON p.id = s.patient_id WHERE p.clinic_id = $1 AND p.mrn = $2
       ORDER BY s.administered_on, s.instrument`,
      [clinic.clinicId, m],
    );

  it('imports new patients and item-level and total-only scores, then re-imports nothing new', async () => {
    const [m1, m2] = [mrn(), mrn()];
    const csv = [
      header,
      `${m1},Ana,Ruiz,1980-04-02,2026-02-02,PHQ-9,2,2,2,2,1,1,1,1,1,13`,
      `${m1},,,,2026-03-02,PHQ9,1,1,1,1,0,0,0,0,0,`,
      `${m1},,,,2026-03-02,GAD-7,,,,,,,,,,12`,
      `${m2},"O'Neil, Jr.",Lee,1975-12-31,2026-03-01,PHQ-9,,,,,,,,,,7`,
    ].join('\n');
    const res = await post(a.careManager.auth, csv).expect(200);
    expect(res.body).toMatchObject({
      dryRun: false,
      rowsTotal: 4,
      rowsValid: 4,
      rowsFailed: 0,
      patientsCreated: 2,
      assessmentsCreated: 4,
      assessmentsUnchanged: 0,
      errors: [],
    });
    expect(await scoresOf(a, m1)).toEqual([
      expect.objectContaining({
        instrument: 'PHQ9',
        date: '2026-02-02',
        total: 13,
        source: 'import',
        safety_risk: true,
        on_episode: true,
      }),
      expect.objectContaining({ instrument: 'GAD7', date: '2026-03-02', total: 12, answers: {} }),
      expect.objectContaining({ instrument: 'PHQ9', date: '2026-03-02', total: 4 }),
    ]);
    const names: Json[] = await t.db.query(
      `SELECT given_name, family_name FROM patient WHERE clinic_id = $1 AND mrn = $2`,
      [a.clinicId, m2],
    );
    expect(names).toEqual([{ given_name: "O'Neil, Jr.", family_name: 'Lee' }]);

    const before = await clinicFootprint(t, a.clinicId);
    const again = await post(a.careManager.auth, csv).expect(200);
    expect(again.body).toMatchObject({ patientsCreated: 0, assessmentsCreated: 0, assessmentsUnchanged: 4 });
    expect({ ...(await clinicFootprint(t, a.clinicId)), audit: before['audit'] }).toEqual(before);

    const job = await request(t.app.getHttpServer())
      .get(`/api/imports/${String(res.body.jobId)}`)
      .set('Authorization', a.careManager.auth)
      .expect(200);
    expect(job.body).toMatchObject({ kind: 'csv', status: 'done', rowsTotal: 4, rowsLoaded: 4, patientsCreated: 2 });
  });

  it('leaves the episode summaries the statement triggers would (one set-based refresh instead of one per statement)', async () => {
    const existing = await createPatient(t.db, a, { careManagerId: a.careManager.id, enrolledOn: '2026-01-05' });
    const fresh = mrn();
    const csv = [
      header,
      `${existing.mrn},,,,2026-01-06,PHQ-9,3,3,2,2,2,2,1,1,0,16`,
      `${existing.mrn},,,,2026-02-20,PHQ-9,1,1,1,1,1,0,0,0,1,6`,
      `${fresh},Bo,Ng,1990-01-01,2026-02-01,PHQ-9,2,2,2,2,2,2,0,0,0,12`,
      `${fresh},,,,2026-02-01,GAD-7,,,,,,,,,,15`,
    ].join('\n');
    await post(a.careManager.auth, csv).expect(200);
    const freshId = must(
      (await t.db.query(`SELECT id FROM patient WHERE clinic_id = $1 AND mrn = $2`, [a.clinicId, fresh]))[0] as
        | { id: string }
        | undefined,
      'new patient',
    ).id;
    const ids = [existing.patientId, freshId];
    const of = (relation: 'episode_summary' | 'episode_summary_source'): Promise<Json[]> =>
      summaryRowsOf(t, relation, ids);
    const stored = await of('episode_summary');
    expect(stored).toHaveLength(2);
    expect(stored).toEqual(await of('episode_summary_source'));
    const existingRow = stored.find((r) => (r['row'] as Json)['episode_id'] === existing.episodeId)?.['row'] as Json;
    expect(existingRow).toMatchObject({ max_assessment_on: '2026-02-20' });
    // The switch is transaction-local: a typed score afterwards refreshes its summary through the trigger.
    await t.db.query(
      `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total,
         complete, safety_risk, entered_by)
       VALUES ($1, $2, $3, 'PHQ9', '2026-03-01', 'clinic', '{}', 3, true, false, $4)`,
      [a.clinicId, existing.patientId, existing.episodeId, a.careManager.id],
    );
    expect(await of('episode_summary')).toEqual(await of('episode_summary_source'));
    expect(
      (await of('episode_summary')).find((r) => (r['row'] as Json)['episode_id'] === existing.episodeId)?.['row'],
    ).toMatchObject({
      max_assessment_on: '2026-03-01',
    });
  });

  it('dry run lists row-level errors (row, column, message) and writes nothing; the real run refuses them with 400', async () => {
    const colleague = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id });
    const csv = [
      header,
      `${mrn()},Ana,Ruiz,1980-04-02,2026-02-31,PHQ-9,0,0,0,0,0,0,0,0,0,0`,
      `${mrn()},Ana,Ruiz,1980-04-02,2026-03-01,PHQ-9,4,0,0,0,0,0,0,0,0,`,
      `${mrn()},Ana,Ruiz,1980-04-02,2026-03-01,PHQ-9,1,1,1,1,1,1,1,1,1,10`,
      `${mrn()},Ana,Ruiz,1980-04-02,2026-03-01,BDI,,,,,,,,,,10`,
      `${mrn()},Ana,Ruiz,1980-04-02,2026-03-17,PHQ-9,,,,,,,,,,10`,
      `,Ana,Ruiz,1980-04-02,2026-03-01,PHQ-9,,,,,,,,,,10`,
    ].join('\n');
    const before = await clinicFootprint(t, a.clinicId);
    const dry = await post(a.careManager.auth, csv, '?dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, jobId: null, rowsTotal: 6, rowsValid: 0, rowsFailed: 6 });
    expect(dry.body.errors).toEqual([
      { row: 2, column: 'date', message: expect.stringContaining('date') },
      { row: 3, column: 'phq9_1', message: expect.stringContaining('phq9_1 must be an integer 0–3') },
      { row: 4, column: 'total', message: expect.stringContaining('total 10 disagrees with the items (9)') },
      { row: 5, column: 'instrument', message: expect.stringContaining('instrument must be one of') },
      { row: 6, column: 'date', message: expect.stringContaining('future') },
      { row: 7, column: 'mrn', message: 'mrn is required' },
    ]);
    const refused = await post(a.careManager.auth, csv).expect(400);
    expect(refused.body.message).toContain('nothing was imported');
    expect(refused.body.errors).toEqual(dry.body.errors);
    expect(await clinicFootprint(t, a.clinicId)).toEqual({ ...before, audit: expect.any(Number) });

    // Registry checks: another caseload's MRN, a birth date that differs, a new patient without names.
    const registry = [
      header,
      `${colleague.mrn},,,,2026-03-01,PHQ-9,,,,,,,,,,5`,
      `${mrn()},,,,2026-03-01,PHQ-9,,,,,,,,,,5`,
    ].join('\n');
    const dry2 = await post(a.careManager.auth, registry, '?dryRun=true').expect(200);
    expect(dry2.body.errors).toEqual([
      { row: 2, column: 'mrn', message: 'no patient with this MRN in your caseload' },
      { row: 3, column: 'mrn', message: expect.stringContaining('new patient needs') },
    ]);
    expect(await count(t, `SELECT 1 FROM assessment WHERE patient_id = $1`, [colleague.patientId])).toBe(0);
  });

  it('dry run of a valid file reports what it would create, writing nothing', async () => {
    const before = await clinicFootprint(t, a.clinicId);
    const dry = await post(
      a.careManager.auth,
      `${header}\n${mrn()},Bo,Chen,1990-01-01,2026-03-01,PHQ-9,,,,,,,,,,3`,
      '?dryRun=true',
    ).expect(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      rowsValid: 1,
      patientsCreated: 1,
      assessmentsCreated: 1,
      errors: [],
    });
    expect(await clinicFootprint(t, a.clinicId)).toEqual({ ...before, audit: expect.any(Number) });
  });

  it('maps columns named in the query, items included', async () => {
    const m = mrn();
    const csv = ['Patient MRN;First;Last;DOB;Seen;Scale;A1;A2', `${m};Cy;Diaz;1970-07-07;2026-03-03;GAD-2;3;2`].join(
      '\n',
    );
    const query =
      '?mrn=Patient%20MRN&givenName=First&familyName=Last&birthDate=DOB&date=Seen&instrument=Scale&items=gad2_1%3DA1,gad2_2%3DA2';
    const refused = await post(a.careManager.auth, csv, query).expect(400);
    // Semicolons are not the delimiter: the header is one column, so the mapped columns are missing.
    expect(refused.body.errors[0]).toMatchObject({ row: 1, column: 'Patient MRN' });
    await post(a.careManager.auth, csv.replace(/;/g, ','), query).expect(200);
    expect(await scoresOf(a, m)).toEqual([
      expect.objectContaining({ instrument: 'GAD2', total: 5, answers: { gad2_1: 3, gad2_2: 2 } }),
    ]);
  });

  it.each([
    ['?dryRun=maybe', 'dryRun'],
    ['?items=phq9_1', 'items'],
    ['?color=red', 'color'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const res = await post(a.careManager.auth, header, query).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('refuses a body that is not text/csv with 400 naming the body', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/imports/csv')
      .set('Authorization', a.careManager.auth)
      .send({ csv: 'x' })
      .expect(400);
    expect(res.body.field).toBe('body');
  });

  it("refuses roles without the import permission (403) and hides another clinic's job (404)", async () => {
    for (const who of [a.pcp, a.consultant, a.leadership]) await post(who.auth, header).expect(403);
    const own = await post(b.admin.auth, `${header}\n${mrn()},Di,Eve,1960-06-06,2026-03-04,PHQ-9,,,,,,,,,,2`).expect(
      200,
    );
    await request(t.app.getHttpServer())
      .get(`/api/imports/${String(own.body.jobId)}`)
      .set('Authorization', a.admin.auth)
      .expect(404);
  });

  it('writes one audit row per file with counts and the patients, no PHI', async () => {
    const m = mrn();
    await post(a.careManager.auth, `${header}\n${m},Fay,Gold,1985-05-05,2026-03-05,PHQ-9,,,,,,,,,,6`).expect(200);
    const rows = (await auditRows(t, a.clinicId, 'import.csv')).slice(-1);
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: a.careManager.id,
        resource_type: 'import',
        details: expect.objectContaining({ rowsTotal: 1, patientsCreated: 1, assessmentsCreated: 1 }),
      }),
    ]);
    const [patient] = await t.db.query(`SELECT id FROM patient WHERE clinic_id = $1 AND mrn = $2`, [a.clinicId, m]);
    expect(await patientsListed(t.db, must(rows[0]).details)).toEqual([must(patient as { id: string }).id]);
    expect(JSON.stringify(rows)).not.toContain(m);
    expect(JSON.stringify(rows)).not.toContain('Gold');
  });
});
