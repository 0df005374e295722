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
 * Runs `sql` on the primary's pool directly, without a TypeORM query runner: for hot read statements
 * outside transactions. The pool's connection sends it as a named prepared statement (parsed once per
 * connection, its plan kept) when `PG_PREPARED_STATEMENTS` is on (GuardedClient).
 */
export async function poolQuery<T>(db: DataSource, sql: string, params: readonly unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const result = await pool.query<T & Record<string, unknown>>(sql, params as unknown[]);
  return result.rows;
}
