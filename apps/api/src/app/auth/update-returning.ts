import type { EntityManager } from 'typeorm';

/**
 * Runs `UPDATE … RETURNING …` and gives the returned rows. (TypeORM's `query()` answers UPDATE and
 * DELETE with `[rows, rowCount]`, unlike SELECT and INSERT: reading `.length` of that is always 2.)
 */
export async function updateReturning<T>(
  em: Pick<EntityManager, 'query'>,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result: unknown = await em.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
