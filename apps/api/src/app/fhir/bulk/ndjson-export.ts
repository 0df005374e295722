import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';
import type { FhirRepository } from '../fhir.repository';
import type { BulkSource } from '../resource-queries';
import type { SqlBuilder } from '../sql-builder';

/** `onProgress` is called every this many fetched batches. */
const PROGRESS_EVERY = 5;
/** Characters handed to the file stream at a time. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Streams one resource type to an NDJSON file: rows of its bulk source (`bulkSource(query)`, whose FROM
 * `from` was built on `b`) from a server-side cursor on `runner` (which must be inside a transaction),
 * each written as its lines (the outbound mappers' resources) a batch at a time, waiting for the file to
 * drain, so memory stays one batch. Returns how many resources it wrote.
 * Used by bulk export and by the benchmark (bench/scenarios/fhir-export.mjs).
 */
export async function exportNdjson(
  repository: FhirRepository,
  runner: QueryRunner,
  source: BulkSource,
  from: string,
  b: SqlBuilder,
  file: string,
  onProgress: (written: number) => Promise<void> = async () => undefined,
): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let batches = 0;
  try {
    await repository.stream(runner, source, from, b, async (rows) => {
      // Written in chunks of about CHUNK_CHARS: one string per fetched batch (tens of MB once Observations
      // fan out) lived in the large-object space and the export spent most of its time collecting it.
      let chunk = '';
      for (const row of rows) {
        for (const line of source.lines(row)) {
          chunk += `${line}\n`;
          written++;
        }
        if (chunk.length >= CHUNK_CHARS) {
          if (!out.write(chunk)) await once(out, 'drain');
          chunk = '';
        }
      }
      if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain');
      if (++batches % PROGRESS_EVERY === 0) await onProgress(written);
    });
  } finally {
    out.end();
    await finished(out);
  }
  return written;
}
