import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import type { ResourceQuery } from './resource-queries';
import type { SqlBuilder } from './sql-builder';

/** Rows fetched per round trip when streaming a bulk export. */
export const EXPORT_FETCH_SIZE = 5000;

/**
 * Runs the FHIR queries (resource-queries.ts). `b` already holds the scope and search conditions;
 * `from` is the type's FROM clause built on the same builder.
 */
@Injectable()
export class FhirRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** How many rows match (the searchset's `total`). */
  async count(query: ResourceQuery, from: string, b: SqlBuilder): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${b.sql()}`,
      b.params,
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * One page in keyset order: the rows after `after` (the last key shown), `limit` of them plus one
   * to tell whether there is a next page. Each row carries its key as `k0`, `k1`….
   */
  async page(
    query: ResourceQuery,
    from: string,
    b: SqlBuilder,
    after: ReadonlyArray<string | number> | null,
    limit: number,
  ): Promise<Array<Record<string, unknown>>> {
    const page = b.clone();
    if (after) {
      const keys = query.key.map((k) => k.expr).join(', ');
      const values = query.key.map((k, i) => page.p(after[i], k.cast)).join(', ');
      page.where(`(${keys}) > (${values})`);
    }
    return this.db.query(
      `SELECT ${query.columns}, ${query.key.map((k, i) => `${k.expr} AS k${i}`).join(', ')}
       FROM ${from} WHERE ${page.sql()}
       ORDER BY ${query.key.map((k) => k.expr).join(', ')} LIMIT ${page.p(limit + 1, 'int')}`,
      page.params,
    );
  }

  /** A query runner of its own (bulk export streams on it, in a read-only transaction). */
  runner(): QueryRunner {
    return this.db.createQueryRunner();
  }

  /**
   * Streams every matching row in keyset order through a server-side cursor (DECLARE … FETCH in a
   * REPEATABLE READ, read-only transaction: one snapshot for all types), `EXPORT_FETCH_SIZE` at a
   * time; `onBatch` is awaited before the next fetch, so nothing accumulates in memory.
   */
  async stream(
    runner: QueryRunner,
    query: Pick<ResourceQuery, 'columns' | 'key'>,
    from: string,
    b: SqlBuilder,
    onBatch: (rows: Array<Record<string, unknown>>) => Promise<void>,
  ): Promise<void> {
    await runner.query(
      `DECLARE fhir_export NO SCROLL CURSOR FOR
       SELECT ${query.columns} FROM ${from} WHERE ${b.sql()} ORDER BY ${query.key.map((k) => k.expr).join(', ')}`,
      b.params,
    );
    // One FETCH ahead: PostgreSQL reads the next batch while this one is mapped and written (the
    // connection queues the statements; nothing more than two batches is held).
    const fetch = (): Promise<Array<Record<string, unknown>>> =>
      runner.query(`FETCH ${EXPORT_FETCH_SIZE} FROM fhir_export`);
    let next: Promise<Array<Record<string, unknown>>> | null = fetch();
    try {
      while (next) {
        const rows: Array<Record<string, unknown>> = await next;
        next = rows.length === EXPORT_FETCH_SIZE ? fetch() : null;
        if (rows.length > 0) await onBatch(rows);
      }
    } finally {
      // A batch that failed in onBatch may leave a FETCH in flight: let it end before closing.
      if (next) await next.catch(() => undefined);
      await runner.query('CLOSE fhir_export');
    }
  }

  /** Whether an assessment of the caller's scope was marked entered in error (a read of it answers 410). */
  async enteredInError(assessmentId: string, scopeSql: string, params: unknown[]): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM record_revision r JOIN patient p ON p.id = r.patient_id
       WHERE r.record_type = 'assessment' AND r.action = 'entered_in_error' AND r.record_id = $1 AND ${scopeSql}
       LIMIT 1`,
      [assessmentId, ...params],
    );
    return rows.length > 0;
  }
}
