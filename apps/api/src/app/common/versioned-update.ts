import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { updateReturning } from '../auth/update-returning';
import { ValidationError } from './errors';

/** `patch` without its `undefined` values (left out = unchanged). */
export function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * Optimistic-concurrency update: `UPDATE … SET …, version = version + 1, updated_at = now()
 * WHERE id = $1 AND version = $2`, the columns and value conversions from the entity's metadata
 * (positional parameters, the API's one style). Returns `false` when the row is not at `version` any
 * more — two concurrent edits of the same version: the second one's UPDATE waits for the first to
 * commit, re-checks the version and matches nothing.
 * @throws ValidationError (field `body`) when the patch changes nothing.
 */
export async function updateVersioned<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  version: number,
  patch: Partial<T>,
): Promise<boolean> {
  const values = definedFields(patch);
  if (Object.keys(values).length === 0) throw new ValidationError('body', 'Send at least one field to change');
  const { driver } = em.connection;
  const meta = em.connection.getMetadata(entity);
  const params: unknown[] = [id, version];
  const sets = Object.entries(values).map(([property, value]) => {
    const column = meta.findColumnWithPropertyPath(property);
    if (!column) throw new Error(`${meta.name} has no column ${property}`);
    params.push(driver.preparePersistentValue(value, column));
    return `${driver.escape(column.databaseName)} = $${params.length}`;
  });
  if (meta.versionColumn) {
    const version = driver.escape(meta.versionColumn.databaseName);
    sets.push(`${version} = ${version} + 1`);
  }
  if (meta.updateDateColumn) sets.push(`${driver.escape(meta.updateDateColumn.databaseName)} = CURRENT_TIMESTAMP`);
  const updated = await updateReturning<{ id: string }>(
    em,
    `UPDATE ${driver.escape(meta.tableName)} SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING id`,
    params,
  );
  return updated.length > 0;
}
