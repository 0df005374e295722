import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { GuardedClient } from './guarded-pg-client';

/**
 * Runs `sql` on the primary's pool directly, without a TypeORM query runner: for hot read statements
 * outside transactions (the caseload's and the agenda's). With `PG_PREPARED_STATEMENTS` on, the pool's
 * connection runs it as a prepared statement with its generic plan kept (GuardedClient
 * `queryWithGenericPlan`): parsed and planned once per connection, not on every call.
 */
export async function poolQuery<T>(db: DataSource, sql: string, params: readonly unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  try {
    const rows =
      client instanceof GuardedClient
        ? await client.queryWithGenericPlan<T>(sql, params)
        : (await client.query<T & Record<string, unknown>>(sql, params as unknown[])).rows;
    client.release();
    return rows;
  } catch (error) {
    // As pool.query does: a connection whose statement failed is not reused.
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
