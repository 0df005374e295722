import type { SqlFragment } from '../auth/access.service';

/** Collects positional parameters ($1…) and AND-ed conditions of one FHIR query. */
export class SqlBuilder {
  readonly params: unknown[] = [];
  readonly conditions: string[] = [];

  /** A placeholder for `value`, with an optional cast (`$3::uuid`). */
  p(value: unknown, cast?: string): string {
    this.params.push(value);
    return `$${this.params.length}${cast ? `::${cast}` : ''}`;
  }

  where(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** Adds a scope predicate built with the current parameter offset (AccessService.patientScope). */
  scope(build: (offset: number) => SqlFragment): this {
    const fragment = build(this.params.length);
    this.params.push(...fragment.params);
    return this.where(fragment.sql);
  }

  /** The conditions, AND-ed (TRUE when none). */
  sql(): string {
    return this.conditions.length === 0 ? 'TRUE' : this.conditions.map((c) => `(${c})`).join(' AND ');
  }

  /** A copy, to extend one query (rows) without changing another (count). */
  clone(): SqlBuilder {
    const copy = new SqlBuilder();
    copy.params.push(...this.params);
    copy.conditions.push(...this.conditions);
    return copy;
  }
}
