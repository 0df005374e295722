import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ValidationError } from './errors';

/** `patch` without its `undefined` values (left out = unchanged). */
export function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * Optimistic-concurrency update: `UPDATE … SET …, version = version + 1 WHERE id = :id AND version = :version`
 * (TypeORM bumps `@VersionColumn` and `@UpdateDateColumn`). Returns `false` when the row is not at
 * `version` any more — two concurrent edits of the same version: the second one's UPDATE waits for
 * the first to commit, re-checks the version and matches nothing.
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
  const result = await em
    .createQueryBuilder()
    .update(entity)
    .set(values as QueryDeepPartialEntity<T>)
    .where('id = :id AND version = :version', { id, version })
    .execute();
  return (result.affected ?? 0) > 0;
}
