import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientBase, QueryResult as PgResult } from 'pg';
import { QueryFailedError, QueryResult, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { statementName } from './prepared-query';

/**
 * One read snapshot shared by the parts of a composite read (the patient page, issue #13): one pooled
 * connection, one REPEATABLE READ transaction, and every part's statements on it — instead of each part
 * taking a connection of its own and wrapping its two or three statements in BEGIN … COMMIT (the page
 * was 61 statements on up to 12 connections at once). Within the snapshot nothing changes, so the same
 * SELECT with the same parameters answers the same rows: such a repeat (several parts read the clinic's
 * time zone, the assessments, the revisions …) is sent once and its result handed to each part as a copy.
 *
 * Outside a snapshot, {@link readTransaction} and {@link readManager} behave exactly as before.
 */
interface ReadSnapshot {
  manager: EntityManager;
}

const storage = new AsyncLocalStorage<ReadSnapshot>();

/** A statement that only reads (the only kind whose result may be reused within the snapshot). */
const READ_ONLY = /^\s*(SELECT|WITH)\b/i;
/**
 * …unless it locks or writes (a WITH … INSERT/UPDATE/DELETE, SELECT … FOR UPDATE) or calls a function
 * with an effect or a changing answer (the audit chain's `SELECT audit_append(…)`, sequences, locks,
 * settings, notifications, the wall clock, random numbers): those are sent every time.
 */
const WRITES =
  /\b(INSERT|UPDATE|DELETE|FOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)|audit_\w+|nextval|setval|pg_advisory\w*|set_config|pg_notify|clock_timestamp|timeofday|random|gen_random_uuid|txid_current|pg_current_xact_id)\b/i;

/**
 * A deep copy of a read's result (rows of plain objects, arrays, dates, buffers; a QueryResult). Not
 * `structuredClone`: TypeORM tells dates by `instanceof Date`, which a copy from another realm fails.
 */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T;
  if (value instanceof QueryResult) {
    const result = new QueryResult();
    result.records = copy(value.records);
    result.affected = value.affected;
    result.raw = copy(value.raw);
    return result as T;
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
    }
  }
  return value;
}

/** Options of {@link runInReadSnapshot}. */
export interface ReadSnapshotOptions {
  /**
   * Send the reads as named prepared statements (parsed once per connection; `PG_PREPARED_STATEMENTS`,
   * false behind PgBouncer in transaction mode).
   */
  prepared: boolean;
}

/**
 * A read as a named prepared statement on the snapshot's connection, answered in the form TypeORM's
 * `QueryRunner.query` answers a SELECT (rows, or a QueryResult when `structured`).
 */
async function preparedRead(
  runner: QueryRunner,
  text: string,
  parameters: unknown[] | undefined,
  structured: boolean,
): Promise<unknown> {
  const client = (await runner.connect()) as ClientBase;
  let raw: PgResult;
  try {
    raw = await client.query({ name: statementName(text), text, values: parameters });
  } catch (error) {
    throw new QueryFailedError(text, parameters, error as Error);
  }
  if (!structured) return raw.rows;
  const result = new QueryResult();
  result.records = raw.rows;
  result.affected = raw.rowCount ?? undefined;
  result.raw = raw.rows;
  return result;
}

/**
 * Makes `runner` send each distinct read once per snapshot (key: text, parameters, result form), as a
 * named prepared statement when `prepared`.
 */
function memoizeReads(runner: QueryRunner, { prepared }: ReadSnapshotOptions): void {
  const send = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  const seen = new Map<string, Promise<unknown>>();
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const [text, parameters, structured] = args;
    if (typeof text !== 'string' || !READ_ONLY.test(text) || WRITES.test(text)) {
      // Whatever it changed, no earlier read is reused after it.
      seen.clear();
      return send(...args);
    }
    const key = JSON.stringify([text, parameters ?? null, Boolean(structured)]);
    let result = seen.get(key);
    if (result === undefined) {
      const values = Array.isArray(parameters) ? (parameters as unknown[]) : undefined;
      result = prepared ? preparedRead(runner, text, values, Boolean(structured)) : send(...args);
      seen.set(key, result);
      // A failed read is not remembered (the transaction fails with it anyway).
      result.catch(() => seen.delete(key));
    }
    // Each part gets its own copy: a part may reshape the rows it was given.
    return result.then(copy);
  };
}

/**
 * Runs `fn` inside one read snapshot on `db`: the reads of its parts that go through
 * {@link readTransaction} / {@link readManager} share one connection and one REPEATABLE READ transaction.
 * The transaction is committed when `fn` resolves and rolled back when it throws. Nested calls join the
 * outer snapshot.
 */
export async function runInReadSnapshot<T>(
  db: DataSource,
  options: ReadSnapshotOptions,
  fn: () => Promise<T>,
): Promise<T> {
  if (storage.getStore()) return fn();
  const runner = db.createQueryRunner('master');
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    memoizeReads(runner, options);
    let value: T;
    try {
      value = await storage.run({ manager: runner.manager }, fn);
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
    await runner.commitTransaction();
    return value;
  } finally {
    await runner.release();
  }
}

/** True while a read snapshot is open for the current call (tests). */
export function inReadSnapshot(): boolean {
  return storage.getStore() !== undefined;
}

/**
 * A read's transaction: inside a read snapshot, the snapshot's (no BEGIN/COMMIT of its own — the
 * snapshot is at least as strict as `isolation`); otherwise a transaction of its own, as `db.transaction`.
 */
export function readTransaction<T>(
  db: DataSource,
  fn: (em: EntityManager) => Promise<T>,
  isolation?: IsolationLevel,
): Promise<T> {
  const snapshot = storage.getStore();
  if (snapshot) return fn(snapshot.manager);
  return isolation ? db.transaction(isolation, fn) : db.transaction(fn);
}

/** The manager a read outside any transaction uses: the snapshot's inside one, else the data source's. */
export function readManager(db: DataSource): EntityManager {
  return storage.getStore()?.manager ?? db.manager;
}
