// 7. FHIR bulk export (issue #15): every patient's Patient, EpisodeOfCare, Condition, QuestionnaireResponse,
// Observation and CarePlan streamed to NDJSON by the bulk export's own code (server-side cursor → outbound
// mappers → files, apps/api/src/app/fhir/bulk/ndjson-export.ts; Observations read one assessment row each
// and written as its parts), next to COPY (…) TO STDOUT of the resources' rows (the search SELECT of each
// type, one row per resource) into files. Both in one REPEATABLE READ snapshot, from a cold start
// of the same database. Target: the export at ≥ 50% of COPY's speed.
import { createRequire } from 'node:module';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { apiModule } from '../lib/environment.mjs';

const require = createRequire(import.meta.url);
const { to: copyTo } = require('pg-copy-streams');

/** A query's positional parameters written as SQL literals (COPY takes no bind parameters). */
function inline(sql, params, client) {
  const literal = (v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return `ARRAY[${v.map(literal).join(', ')}]`;
    if (typeof v === 'number') return String(v);
    if (v instanceof Date) return client.escapeLiteral(v.toISOString());
    return client.escapeLiteral(String(v));
  };
  return sql.replace(/\$(\d+)/g, (_, n) => literal(params[Number(n) - 1]));
}

const size = async (file) => (await stat(file)).size;

export async function fhirExportScenario(ctx) {
  const { FhirRepository } = apiModule('app/fhir/fhir.repository.js');
  const { RESOURCE_QUERIES, PATIENT_SCOPED_TYPES, bulkSource } = apiModule('app/fhir/resource-queries.js');
  const { SqlBuilder } = apiModule('app/fhir/sql-builder.js');
  const { exportNdjson } = apiModule('app/fhir/bulk/ndjson-export.js');
  const { DataSource } = require('typeorm');
  const dir = await mkdtemp(path.join(tmpdir(), 'huddle-bench-fhir-'));
  const ds = new DataSource({ type: 'postgres', url: ctx.url, extra: { max: 2 } });
  await ds.initialize();
  const client = new pg.Client({ connectionString: ctx.url });
  await client.connect();
  try {
    const query = (type) => {
      const q = RESOURCE_QUERIES[type];
      const b = new SqlBuilder();
      const from = q.from(b);
      return { q, b, from };
    };
    // Warm the caches once with a COPY of everything (not timed), so neither side pays the cold reads.
    console.log('FHIR export: warming…');
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const type of PATIENT_SCOPED_TYPES) {
      const { q, b, from } = query(type);
      const sql = inline(`SELECT ${q.columns} FROM ${from} WHERE ${b.sql()}`, b.params, client);
      await pipeline(client.query(copyTo(`COPY (${sql}) TO STDOUT`)), createWriteStream('/dev/null'));
    }
    await client.query('COMMIT');

    console.log('FHIR export: NDJSON through the bulk export code…');
    const repo = new FhirRepository(ds);
    const runner = repo.runner();
    await runner.connect();
    const counts = {};
    let exportBytes = 0;
    const t0 = performance.now();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const type of PATIENT_SCOPED_TYPES) {
        // What the API's export streams (bulk-export.service.ts): the type's bulk source.
        const source = bulkSource(RESOURCE_QUERIES[type]);
        const b = new SqlBuilder();
        const from = source.from(b);
        const file = path.join(dir, `${type}.ndjson`);
        counts[type] = await exportNdjson(repo, runner, source, from, b, file);
        exportBytes += await size(file);
      }
      await runner.query('COMMIT');
    } finally {
      await runner.release();
    }
    const exportMs = performance.now() - t0;

    console.log('FHIR export: COPY … TO of the same rows…');
    let copyBytes = 0;
    const t1 = performance.now();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const type of PATIENT_SCOPED_TYPES) {
      const { q, b, from } = query(type);
      const order = q.key.map((k) => k.expr).join(', ');
      const sql = inline(`SELECT ${q.columns} FROM ${from} WHERE ${b.sql()} ORDER BY ${order}`, b.params, client);
      const file = path.join(dir, `${type}.copy`);
      await pipeline(client.query(copyTo(`COPY (${sql}) TO STDOUT`)), createWriteStream(file));
      copyBytes += await size(file);
    }
    await client.query('COMMIT');
    const copyMs = performance.now() - t1;

    const total = Object.values(counts).reduce((n, v) => n + v, 0);
    const share = copyMs / exportMs;
    return {
      name: `7. FHIR bulk export, ${ctx.patients.toLocaleString('en-US')}-patient registry (${total.toLocaleString('en-US')} resources)`,
      api: { p50: exportMs, rps: total / (exportMs / 1000) },
      sql: { p50: copyMs, rps: total / (copyMs / 1000) },
      ratio: exportMs / copyMs,
      target: '≥ 50% of COPY speed',
      met: share >= 0.5,
      note:
        `Registry-wide (no requester scope), same code as the API's export. NDJSON ${(exportMs / 1000).toFixed(1)} s (${Math.round((total / exportMs) * 1000).toLocaleString('en-US')} resources/s, ` +
        `${(exportBytes / 2 ** 20).toFixed(0)} MiB) vs COPY TO of the same rows ${(copyMs / 1000).toFixed(1)} s ` +
        `(${(copyBytes / 2 ** 20).toFixed(0)} MiB): ${Math.round(share * 100)}% of COPY speed. Per type: ` +
        `${Object.entries(counts)
          .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
          .join(', ')}. "ms" columns hold the whole export time, "req/s" resources per second.`,
    };
  } finally {
    await client.end();
    await ds.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
