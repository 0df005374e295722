import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  copyFilesIntoDatabase,
  generateToFiles,
  removeGeneratedFiles,
  type GeneratedFiles,
} from '../src/app/seed/synthetic/bulk-loader';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { Client } from 'pg';

describe('synthetic population generator', () => {
  const options = { patients: 400, seed: 7, asOf: '2026-11-23', passwordHash: null, patientsPerClinic: 200 };
  let first: GeneratedFiles;
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    first = await generateToFiles(options);
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await removeGeneratedFiles(first);
    await scratch.drop();
  });

  it('is deterministic for a seed', async () => {
    const second = await generateToFiles(options);
    try {
      const digest = async (f: string): Promise<string> =>
        createHash('sha256')
          .update(await readFile(f))
          .digest('hex');
      expect(await digest(second.files.assessment)).toBe(await digest(first.files.assessment));
      expect(await digest(second.files.patient)).toBe(await digest(first.files.patient));
      expect(second.counts).toEqual(first.counts);
    } finally {
      await removeGeneratedFiles(second);
    }
  });

  it('bulk-loads a realistic, consistent registry with COPY', async () => {
    await copyFilesIntoDatabase(scratch.ownerUrl, first.files); // a bulk load (and ANALYZE) is the owner's job
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const { rows } = await client.query(`
        SELECT (SELECT count(*)::int FROM clinic) AS clinics,
               (SELECT count(*)::int FROM patient) AS patients,
               (SELECT count(*)::int FROM assessment) AS assessments,
               (SELECT count(*)::int FROM assessment WHERE safety_risk) AS safety,
               (SELECT count(*)::int FROM episode WHERE status = 'discharged') AS discharged,
               (SELECT round(avg(n))::int FROM (SELECT count(*) AS n FROM episode WHERE status <> 'discharged'
                  GROUP BY care_manager_id) x) AS caseload,
               (SELECT count(*)::int FROM assessment a WHERE a.complete AND a.total IS NULL) AS inconsistent`);
      const r = rows[0];
      expect(r).toMatchObject({ clinics: 2, patients: 400, assessments: first.counts.assessments, inconsistent: 0 });
      expect(r.assessments / r.patients).toBeGreaterThan(12);
      expect(r.safety).toBeGreaterThan(0);
      expect(r.discharged).toBeGreaterThan(0);
      expect(r.caseload).toBeGreaterThan(40);
      expect(r.caseload).toBeLessThanOrEqual(75);
    } finally {
      await client.end();
    }
  });
});
