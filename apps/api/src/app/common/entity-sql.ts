import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Repository helpers for reading and writing entities with positional parameters ($1…), the one
 * parameter style of the API's SQL (issue #12; TypeORM's query builder only takes `:named` ones).
 */

/** The select list of every column of `entity` over table alias `alias`, named by property. */
export function entityColumns(em: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  return em.connection
    .getMetadata(entity)
    .columns.map((c) => `${alias}.${em.connection.driver.escape(c.databaseName)} AS "${c.propertyPath}"`)
    .join(', ');
}

/** An entity from a row selected with {@link entityColumns}, values converted as TypeORM reads them. */
export function hydrate<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, row: ObjectLiteral): T {
  const meta = em.connection.getMetadata(entity);
  const result = meta.create() as T;
  for (const column of meta.columns) {
    column.setEntityValue(result, em.connection.driver.prepareHydratedValue(row[column.propertyPath], column));
  }
  return result;
}

/** Runs `sql` (selecting {@link entityColumns}) and hydrates each row. */
export async function selectEntities<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const rows: ObjectLiteral[] = await em.query(sql, params);
  return rows.map((row) => hydrate(em, entity, row));
}
