import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { inlineParameters, literal } from './inline-parameters';

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
 * SQL-level prepared statements (`PREPARE b_… AS …`, then `EXECUTE b_…(literals)`) for statements that
 * travel in a simple-query message of several statements, where pg's protocol-level prepared statements
 * cannot go: a read batch's reads (read-snapshot.ts) and a transaction's first statement behind its
 * opening (GuardedClient). Executed so, a statement keeps its cached plan on the connection instead of
 * being parsed and planned again on every call, as it is when its parameters are written into its text.
 *
 * Names known to be prepared, per connection. Each PREPARE travels in a message of its own (a name counts
 * from when it is sent, and is dropped if that PREPARE fails), and PostgreSQL's prepared statements are not
 * transactional (a rolled-back or failed transaction keeps them), so a failed read leaves the names true.
 */
const preparedOn = new WeakMap<ClientBase, Set<string>>();

/** The names prepared on `client`'s session. */
export function preparedNames(client: ClientBase): Set<string> {
  let known = preparedOn.get(client);
  if (known === undefined) {
    known = new Set();
    preparedOn.set(client, known);
  }
  return known;
}

/**
 * Most prepared statements of each kind (SQL-level here, protocol-level in GuardedClient) kept per
 * connection: a text built with a varying number of parameters would otherwise prepare a statement per
 * variant, each holding its plan for the session. Beyond it, new texts go unprepared.
 */
export const PREPARED_PER_CONNECTION = 250;

/**
 * The statement that makes the rest of its transaction (or of its simple-query message, an implicit
 * transaction) plan prepared statements once and keep that generic plan. PostgreSQL's default plans a
 * statement's first five executions on each connection for their parameters, then keeps re-planning
 * any whose generic plan it estimates a little dearer than those custom plans: the caseload scope check
 * (`$3 IS NULL OR …`), the aggregates with an array parameter. Planning the caseload aggregate costs
 * ~6 ms, the agenda's ~15 ms, more than either runs (pg_stat_statements with track_planning, session 19);
 * their generic plans run as fast as custom ones (bench/results/s19-generic-plans.md).
 */
export const GENERIC_PLANS = 'SET LOCAL plan_cache_mode = force_generic_plan';

/** A statement as a message carries it. */
export interface MessageStatement {
  /** `EXECUTE b_…(literals)`, or the text with its parameters written in. */
  sql: string;
  /** The `PREPARE` the `EXECUTE` needs first: the connection lacks the statement. */
  prepare: { name: string; sql: string } | null;
}

/**
 * `text` with `parameters` as SQL for a message on a connection that has the statements `known`: executed
 * as a SQL-level prepared statement, or — when `known` is null (prepared statements off) or full — with the
 * parameters written in ({@link inlineParameters}). Null when it cannot be sent in a message (a parameter
 * with no literal form, a text that cannot take literals).
 */
export function messageStatement(
  text: string,
  parameters: readonly unknown[],
  known: ReadonlySet<string> | null,
): MessageStatement | null {
  const name = `b_${statementName(text).slice(2)}`;
  const has = known !== null && known.has(name);
  if (!has && (known === null || known.size >= PREPARED_PER_CONNECTION)) {
    const sql = inlineParameters(text, parameters);
    return sql === null ? null : { sql, prepare: null };
  }
  const args = parameters.map(literal);
  if (args.some((arg) => arg === null)) return null;
  const sql = `EXECUTE ${name}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
  return { sql, prepare: has ? null : { name, sql: `PREPARE ${name} AS ${text.replace(/;\s*$/, '')}` } };
}
