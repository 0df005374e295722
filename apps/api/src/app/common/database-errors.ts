import { QueryFailedError } from 'typeorm';

/** True when `error` is PostgreSQL's unique violation (23505), optionally on the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/**
 * Rewrites a positional SQL fragment (`$1`, `$2`, … from `AccessService.patientScope`) to named
 * TypeORM parameters, so it can go into a query builder's `where`.
 */
export function namedFragment(
  fragment: { sql: string; params: unknown[] },
  prefix: string,
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  fragment.params.forEach((value, index) => (params[`${prefix}${index + 1}`] = value));
  return { sql: fragment.sql.replace(/\$(\d+)/g, (_, n: string) => `:${prefix}${n}`), params };
}
