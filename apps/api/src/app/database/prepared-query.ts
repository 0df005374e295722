import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

const names = new Map<string, string>();
const NAMES_KEPT = 1_000;

/** A stable statement name for a SQL text (the same text always gets the same name). */
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `h_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size >= NAMES_KEPT) names.clear();
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` as a named prepared statement on the primary's pool (pg keeps it prepared per
 * connection: parsed once per connection, then only bound and executed; PostgreSQL may settle on a
 * generic plan). For hot read statements outside transactions; `PG_PREPARED_STATEMENTS=false` turns it
 * off (PgBouncer 1.18 in transaction mode cannot carry protocol-level prepared statements).
 */
export async function preparedQuery<T>(db: DataSource, sql: string, params: readonly unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const result = await pool.query<T & Record<string, unknown>>({
    name: statementName(sql),
    text: sql,
    values: params as unknown[],
  });
  return result.rows;
}
