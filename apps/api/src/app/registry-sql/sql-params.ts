/** Collects positional parameters for hand-written SQL: `add(value)` returns its `$n` placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Appends a value and returns its placeholder, optionally cast (`$3::date`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }

  /** Appends a fragment's parameters (built with `offset = this.values.length`) and returns its SQL. */
  addFragment(fragment: { sql: string; params: unknown[] }): string {
    this.values.push(...fragment.params);
    return fragment.sql;
  }
}

/** The first row of a result that must have one (e.g. `INSERT … RETURNING`, a row just written). */
export function firstRow<T>(rows: readonly T[], what: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`Expected a row: ${what}`);
  return row;
}
