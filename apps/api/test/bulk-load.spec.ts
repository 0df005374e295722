import { appendFile, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/app/audit/audit-chain';
import {
  copyFilesIntoDatabase,
  generateToFiles,
  removeGeneratedFiles,
  type GeneratedFiles,
} from '../src/app/seed/synthetic/bulk-loader';
import { SYNTHETIC_TABLES, type SyntheticTable } from '../src/app/seed/synthetic/synthetic-population';
import { syntheticUuid } from '../src/app/seed/synthetic/synthetic-ids';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

/**
 * The population's bulk path (issue #13 item 4): indexes, keys and triggers taken off, COPY, put back,
 * summaries derived set-based, one audit row. Compared with the same rows written through the live
 * triggers a few at a time (the path every API write takes): the summaries must be identical.
 */
const TABLES = Object.keys(SYNTHETIC_TABLES) as SyntheticTable[];
const ROWS_PER_STATEMENT = 25;

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The same files written with every trigger, index and key live, ROWS_PER_STATEMENT rows per statement. */
async function loadThroughTriggers(url: string, files: Record<SyntheticTable, string>): Promise<void> {
  await withClient(url, async (c) => {
    for (const table of TABLES) {
      const lines = (await readFile(files[table], 'utf8')).split('\n').filter((l) => l.length > 0);
      for (let i = 0; i < lines.length; i += ROWS_PER_STATEMENT) {
        const chunk = lines.slice(i, i + ROWS_PER_STATEMENT).join('\n') + '\n';
        const copy = c.query(copyFrom(`COPY ${table} (${SYNTHETIC_TABLES[table].join(', ')}) FROM STDIN`));
        await pipeline(Readable.from([chunk]), copy);
      }
    }
  });
}

/** A digest of a table's loaded columns (the others hold defaults such as the time of the insert). */
const digest = (url: string, table: SyntheticTable): Promise<string> => {
  const columns = SYNTHETIC_TABLES[table].join(', ');
  return withClient(
    url,
    async (c) =>
      (
        await c.query(
          `SELECT md5(string_agg(ROW(${columns})::text, ',' ORDER BY ROW(${columns})::text)) AS d FROM ${table}`,
        )
      ).rows[0].d,
  );
};

/** Every summary row, as text, in episode order. */
const summaries = (url: string): Promise<string[]> =>
  withClient(url, async (c) =>
    (await c.query(`SELECT s::text AS row FROM episode_summary s ORDER BY s.episode_id`)).rows.map((r) => r.row),
  );

/** The loaded tables' indexes, constraints and trigger states, as the catalog describes them. */
const schemaOf = (url: string): Promise<string[]> =>
  withClient(url, async (c) => {
    const tables = [...TABLES, 'episode_summary'];
    const { rows } = await c.query(
      `SELECT 'index ' || pg_get_indexdef(i.indexrelid) AS d FROM pg_index i WHERE i.indrelid = ANY($1::regclass[])
       UNION ALL
       SELECT format('constraint %s %s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid), c.convalidated)
         FROM pg_constraint c WHERE c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[])
       UNION ALL
       SELECT format('trigger %s %s %s', t.tgrelid::regclass, t.tgname, t.tgenabled)
         FROM pg_trigger t WHERE t.tgrelid = ANY($1::regclass[]) AND NOT t.tgisinternal
       ORDER BY 1`,
      [tables],
    );
    return rows.map((r) => r.d as string);
  });

describe('population bulk load (set-based, near COPY)', () => {
  const options = { patients: 400, seed: 11, asOf: '2026-11-23', passwordHash: null, patientsPerClinic: 200 };
  let files: GeneratedFiles;
  let bulk: ScratchDatabase;
  let rowByRow: ScratchDatabase;

  beforeAll(async () => {
    files = await generateToFiles(options);
    bulk = await createScratchDatabase();
    rowByRow = await createScratchDatabase();
  }, 120_000);
  afterAll(async () => {
    await removeGeneratedFiles(files);
    await bulk.drop();
    await rowByRow.drop();
  });

  it('derives the same episode summaries as the triggers do for the same rows', async () => {
    const timings = await copyFilesIntoDatabase(bulk.ownerUrl, files.files);
    expect(timings.connections).toBe(2); // an empty registry: the parallel path
    await loadThroughTriggers(rowByRow.ownerUrl, files.files);

    expect(timings.rows.assessment).toBe(files.counts.assessments);
    expect(timings.rows.patient).toBe(files.counts.patients);
    const fromBulk = await summaries(bulk.ownerUrl);
    const fromTriggers = await summaries(rowByRow.ownerUrl);
    expect(fromBulk.length).toBeGreaterThan(300); // every open episode has a summary
    expect(fromBulk).toEqual(fromTriggers);
    // Same rows in every table, whichever path wrote them (the loaded columns: the others hold defaults
    // such as the time of the insert).
    for (const table of TABLES) {
      expect([table, await digest(bulk.ownerUrl, table)]).toEqual([table, await digest(rowByRow.ownerUrl, table)]);
    }
  }, 180_000);

  it('loads the same registry on several connections as in one transaction (rows, summaries, schema, statistics, audit)', async () => {
    const oneTransaction = await createScratchDatabase();
    try {
      const timings = await copyFilesIntoDatabase(oneTransaction.ownerUrl, files.files, { connections: 1 });
      expect(timings.connections).toBe(1);
      for (const table of TABLES) {
        expect([table, await digest(bulk.ownerUrl, table)]).toEqual([
          table,
          await digest(oneTransaction.ownerUrl, table),
        ]);
      }
      expect(await summaries(bulk.ownerUrl)).toEqual(await summaries(oneTransaction.ownerUrl));
      expect(await schemaOf(bulk.ownerUrl)).toEqual(await schemaOf(oneTransaction.ownerUrl));
      // Every loaded table analysed (planner statistics present), both ways.
      const state = (url: string): Promise<string[]> =>
        withClient(url, async (c) =>
          (
            await c.query(
              `SELECT format('%s analysed=%s', s.relname, s.last_analyze IS NOT NULL) AS d
                 FROM pg_stat_user_tables s WHERE s.relname = ANY($1::text[]) ORDER BY 1`,
              [[...TABLES, 'episode_summary']],
            )
          ).rows.map((r) => r.d as string),
        );
      expect(await state(bulk.ownerUrl)).toEqual(await state(oneTransaction.ownerUrl));
      const audit = (url: string): Promise<unknown> =>
        withClient(url, async (c) => (await c.query(`SELECT action, details FROM audit_log ORDER BY id`)).rows);
      expect(await audit(bulk.ownerUrl)).toEqual(await audit(oneTransaction.ownerUrl));
    } finally {
      await oneTransaction.drop();
    }
  }, 180_000);

  it('puts back every index, key (validated) and trigger it took off', async () => {
    expect(await schemaOf(bulk.ownerUrl)).toEqual(await schemaOf(rowByRow.ownerUrl));
    // The triggers work again after the load: a new score refreshes its episode's summary.
    await withClient(bulk.ownerUrl, async (c) => {
      const { rows } = await c.query(
        `SELECT e.id, e.clinic_id, e.patient_id, s.max_assessment_on FROM episode e JOIN episode_summary s ON s.episode_id = e.id
         ORDER BY e.id LIMIT 1`,
      );
      const episode = rows[0];
      await c.query(
        `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total, severity, complete)
         VALUES ($1, $2, $3, 'PHQ9', '2030-01-01', 'clinic', '[0,0,0,0,0,0,0,0,0]', 0, 'none', true)`,
        [episode.clinic_id, episode.patient_id, episode.id],
      );
      const after = await c.query(`SELECT max_assessment_on::text AS d FROM episode_summary WHERE episode_id = $1`, [
        episode.id,
      ]);
      expect(after.rows[0].d).toBe('2030-01-01');
    });
  });

  it('audits the batch with ONE row listing what it loaded, and the hash chain verifies', async () => {
    const rows = await withClient(
      bulk.ownerUrl,
      async (c) => (await c.query(`SELECT action, details FROM audit_log`)).rows,
    );
    const loads = rows.filter((r) => r.action === 'population.bulk_load');
    expect(loads).toHaveLength(1);
    expect(rows.filter((r) => r.action !== 'population.bulk_load')).toHaveLength(0);
    expect(loads[0].details.rows).toMatchObject({
      clinic: files.counts.clinics,
      patient: files.counts.patients,
      episode: files.counts.episodes,
      assessment: files.counts.assessments,
      contact: files.counts.contacts,
      consultant_review: files.counts.reviews,
      recommendation: files.counts.recommendations,
    });
    expect(loads[0].details.clinicIds).toHaveLength(files.counts.clinics);
    const ds = new DataSource({ type: 'postgres', url: bulk.ownerUrl });
    await ds.initialize();
    try {
      const report = await verifyAuditChain(ds);
      expect(report).toMatchObject({ ok: true, rowsChecked: 1 });
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a file whose rows break a foreign key, and leaves the database as it was', async () => {
    const broken = await createScratchDatabase();
    const bad = await generateToFiles({ ...options, patients: 10, seed: 12 });
    try {
      const sample = (await readFile(bad.files.assessment, 'utf8')).split('\n')[0]?.split('\t') ?? [];
      sample[0] = syntheticUuid('orphan-assessment');
      sample[2] = syntheticUuid('no-such-patient'); // patient_id
      await appendFile(bad.files.assessment, sample.join('\t') + '\n');
      await expect(copyFilesIntoDatabase(broken.ownerUrl, bad.files)).rejects.toThrow(/foreign key/);
      await withClient(broken.ownerUrl, async (c) => {
        const { rows } = await c.query(
          `SELECT (SELECT count(*)::int FROM patient) AS patients, (SELECT count(*)::int FROM audit_log) AS audit`,
        );
        expect(rows[0]).toEqual({ patients: 0, audit: 0 });
      });
      expect(await schemaOf(broken.ownerUrl)).toEqual(await schemaOf(rowByRow.ownerUrl));
    } finally {
      await removeGeneratedFiles(bad);
      await broken.drop();
    }
  }, 120_000);
});
