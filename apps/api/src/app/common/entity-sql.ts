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

/**
 * The row `id` of a patient-owned entity (its table has `patient_id`) when its patient is inside
 * `scope` (a predicate over `patient p` built with offset 1, e.g. `AccessService.patientScope(user, 'p', 1)`).
 */
export async function findInPatientScope<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  scope: { sql: string; params: unknown[] },
): Promise<T | null> {
  const table = em.connection.driver.escape(em.connection.getMetadata(entity).tableName);
  const [found] = await selectEntities(
    em,
    entity,
    `SELECT ${entityColumns(em, entity, 'x')} FROM ${table} x JOIN patient p ON p.id = x.patient_id
     WHERE x.id = $1 AND ${scope.sql}`,
    [id, ...scope.params],
  );
  return found ?? null;
}
