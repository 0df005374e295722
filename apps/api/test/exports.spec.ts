import ExcelJS from 'exceljs';
import request from 'supertest';
import { WORKLIST_CSV_HEADER } from '../src/app/billing/billing-worklist.csv';
import { patientsListed } from './builders';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { auditRows, must, openRegistry } from './registry-helpers';
import type { TestApp } from './test-app';

/** The body of a binary download. */
async function download(
  t: TestApp,
  path: string,
  auth: string,
  status = 200,
): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const res = await request(t.app.getHttpServer())
    .get(path)
    .set('Authorization', auth)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(status);
  return { body: res.body as Buffer, headers: res.headers as Record<string, string> };
}

/** Rows of one sheet of a workbook, as plain values. */
async function sheetRows(buffer: Buffer, sheet = 1): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  must(workbook.worksheets[sheet - 1]).eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('CSV and Excel exports', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;

  beforeAll(async () => {
    ({ t, a, b } = await openRegistry());
  });
  afterAll(() => t.close());

  describe('GET /api/caseload/export', () => {
    it("exports the care manager's whole caseload as CSV and Excel, audited with the patients", async () => {
      const mine = [await createPatient(t.db, a), await createPatient(t.db, a)];
      await t.db.query(`UPDATE patient SET family_name = '=cmd|x', given_name = 'Zoë, "Z"' WHERE id = $1`, [
        mine[0]?.patientId,
      ]);
      const theirs = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id });
      const csv = await download(t, '/api/caseload/export?format=csv', a.careManager.auth);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="caseload-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = csv.body.toString('utf8').split('\r\n');
      expect(lines[0]).toMatch(/^Family name,Given name,MRN,Status,/);
      expect(lines).toHaveLength(1 + 2 + 1);
      expect(lines.some((l) => l.startsWith(`'=cmd|x,"Zoë, ""Z""",${must(mine[0]).mrn},active`))).toBe(true);
      expect(csv.body.toString('utf8')).not.toContain(theirs.mrn);

      const xlsx = await download(t, '/api/caseload/export?format=xlsx', a.careManager.auth);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const rows = await sheetRows(xlsx.body);
      expect(rows[0]?.slice(0, 3)).toEqual(['Family name', 'Given name', 'MRN']);
      expect(
        rows
          .slice(1)
          .map((r) => r[2])
          .sort(),
      ).toEqual(mine.map((p) => p.mrn).sort());
      expect(rows.find((r) => r[2] === must(mine[0]).mrn)?.[0]).toBe("'=cmd|x");

      const audit = (await auditRows(t, a.clinicId, 'caseload.export')).filter((r) => r.actor_id === a.careManager.id);
      expect(audit.map((r) => r.details['format'])).toEqual(['csv', 'xlsx']);
      expect((await patientsListed(t.db, must(audit[1]).details)).sort()).toEqual(mine.map((p) => p.patientId).sort());
      // One audit row per download: the export does not also write the screen's per-page `caseload.read`.
      const reads = (await auditRows(t, a.clinicId, 'caseload.read')).filter((r) => r.actor_id === a.careManager.id);
      expect(reads).toEqual([]);
      // No-store comes from the global hook (the routes no longer set it themselves).
      expect(csv.headers['cache-control']).toBe('no-store');
      expect(xlsx.headers['cache-control']).toBe('no-store');
    });

    it('exports every row of a caseload larger than a screen page, sorted as asked, in one audit row', async () => {
      const c = await createClinic(t);
      const created = [];
      for (let i = 0; i < 130; i++) created.push(await createPatient(t.db, c));
      const csv = await download(t, '/api/caseload/export?format=csv&sort=mrn&order=desc', c.careManager.auth);
      const mrns = csv.body
        .toString('utf8')
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[2]);
      expect(mrns.slice().sort()).toEqual(created.map((p) => p.mrn).sort());
      const sorted: Array<{ mrn: string }> = await t.db.query(
        'SELECT mrn FROM patient WHERE clinic_id = $1 ORDER BY mrn DESC',
        [c.clinicId],
      );
      expect(mrns).toEqual(sorted.map((r) => r.mrn));
      const audit = (await auditRows(t, c.clinicId, 'caseload.export')).filter((r) => r.actor_id === c.careManager.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]?.details['rows']).toBe(130);
      expect(await auditRows(t, c.clinicId, 'caseload.read')).toEqual([]);
    });

    it("answers 400 naming format, 403 for roles without the caseload, 404 for another clinic's care manager", async () => {
      const bad = await request(t.app.getHttpServer())
        .get('/api/caseload/export?format=pdf')
        .set('Authorization', a.careManager.auth)
        .expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('format');
      for (const who of [a.leadership, a.admin, a.pcp]) {
        await request(t.app.getHttpServer()).get('/api/caseload/export').set('Authorization', who.auth).expect(403);
      }
      await request(t.app.getHttpServer())
        .get(`/api/caseload/export?careManagerId=${b.careManager.id}`)
        .set('Authorization', a.consultant.auth)
        .expect(404);
    });
  });

  describe('GET /api/outcomes/export', () => {
    it('exports trends and quality measures (aggregates) for leadership, as CSV and a two-sheet workbook', async () => {
      const csv = await download(t, '/api/outcomes/export?format=csv&asOf=2026-03-01', a.leadership.auth);
      const text = csv.body.toString('utf8');
      expect(text.startsWith('Outcome trends\r\nSeries,Month,Measured,')).toBe(true);
      expect(text).toContain('\r\n\r\nQuality measures 2026-03-01\r\nMeasure,Numerator,Denominator,Rate %');
      const xlsx = await download(t, '/api/outcomes/export?format=xlsx', a.leadership.auth);
      expect((await sheetRows(xlsx.body, 2))[0]?.[0]).toBe('Measure');
      expect((await auditRows(t, a.clinicId, 'outcomes.export')).length).toBe(2);
    });

    it('answers 400 naming asOf and 403 for a care manager', async () => {
      const bad = await request(t.app.getHttpServer())
        .get('/api/outcomes/export?asOf=2026-13-01')
        .set('Authorization', a.leadership.auth)
        .expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('asOf');
      await request(t.app.getHttpServer())
        .get('/api/outcomes/export')
        .set('Authorization', a.careManager.auth)
        .expect(403);
    });
  });

  describe('GET /api/billing/worklist.xlsx', () => {
    it('downloads the worklist workbook with the CSV columns, audited as an export', async () => {
      const p = await createPatient(t.db, a, { enrolledOn: '2026-01-05' });
      await t.db.query(
        `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes, completed)
         VALUES ($1, $2, $3, $4, 'follow_up', 'phone', '2026-02-10T15:00:00Z', 40, true)`,
        [a.clinicId, p.patientId, p.episodeId, a.careManager.id],
      );
      const xlsx = await download(t, '/api/billing/worklist.xlsx?month=2026-02', a.leadership.auth);
      expect(xlsx.headers['content-disposition']).toBe('attachment; filename="cocm-billing-2026-02.xlsx"');
      const rows = await sheetRows(xlsx.body);
      expect(rows[0]).toEqual(WORKLIST_CSV_HEADER);
      expect(rows.find((r) => r[3] === p.mrn)).toEqual(expect.arrayContaining(['2026-02', p.mrn, 40, 'yes']));
      const exported = (await auditRows(t, a.clinicId, 'billing.worklist.export')).filter(
        (r) => r.details['format'] === 'xlsx',
      );
      expect(exported).toHaveLength(1);
    });

    it('answers 400 naming month and 403 for a care manager', async () => {
      const bad = await request(t.app.getHttpServer())
        .get('/api/billing/worklist.xlsx?month=2026-13')
        .set('Authorization', a.leadership.auth)
        .expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('month');
      await request(t.app.getHttpServer())
        .get('/api/billing/worklist.xlsx?month=2026-02')
        .set('Authorization', a.careManager.auth)
        .expect(403);
    });
  });
});
