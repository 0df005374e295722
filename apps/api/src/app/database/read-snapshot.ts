import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientBase, QueryResult as PgResult } from 'pg';
import { QueryFailedError, QueryResult, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { countBatchedStatements } from '../common/server-timing';
import { GuardedClient } from './guarded-pg-client';
import { GENERIC_PLANS, messageStatement, preparedNames } from './sql-prepared-statements';

/**
 * One read snapshot shared by the parts of a composite read (the patient page, issue #13): one pooled
 * connection, one REPEATABLE READ transaction, and every part's statements on it — instead of each part
 * taking a connection of its own and wrapping its two or three statements in BEGIN … COMMIT (the page
 * was 61 statements on up to 12 connections at once). Within the snapshot nothing changes, so the same
 * SELECT with the same parameters answers the same rows: such a repeat (several parts read the clinic's
 * time zone, the assessments, the revisions …) is sent once and each part gets rows of its own (the
 * last to ask the rows themselves, the others copies).
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

/** Statement texts a per-text memo below keeps (the same few hundred statements recur); beyond, it starts over. */
const TEXTS_KEPT = 2_000;

/** {@link READ_ONLY} and not {@link WRITES}, remembered by text. */
const plainReads = new Map<string, boolean>();
function isPlainRead(text: string): boolean {
  let plain = plainReads.get(text);
  if (plain === undefined) {
    plain = READ_ONLY.test(text) && !WRITES.test(text);
    if (plainReads.size >= TEXTS_KEPT) plainReads.clear();
    plainReads.set(text, plain);
  }
  return plain;
}

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
      // A loop, not Object.fromEntries(Object.entries(…)): rows are copied on every repeated read.
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
      for (const key of Object.keys(source)) out[key] = copy(source[key]);
      return out as T;
    }
  }
  return value;
}

/** Options of {@link runInReadSnapshot}. */
export interface ReadSnapshotOptions {
  /**
   * Send a batch's reads as SQL-level prepared statements (parsed once per connection;
   * `PG_PREPARED_STATEMENTS`, false behind PgBouncer in transaction mode). A read alone goes through the
   * pool's connection, which prepares it under the same setting (GuardedClient).
   */
  prepared: boolean;
}

/** A read's answer in the form TypeORM's `QueryRunner.query` gives for a SELECT: rows, or a QueryResult. */
function answer(raw: PgResult, structured: boolean): unknown {
  if (!structured) return raw.rows;
  const result = new QueryResult();
  result.records = raw.rows;
  result.affected = raw.rowCount ?? undefined;
  result.raw = raw.rows;
  return result;
}

interface PendingRead {
  text: string;
  parameters: unknown[] | undefined;
  structured: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** One statement of a batch message, and which of the message's results is its answer. */
interface BatchedRead {
  read: PendingRead;
  /** The statement as sent: `EXECUTE …(literals)`, or the text with literals written in. */
  sql: string;
}

/**
 * The reads a snapshot's parts ask for together, sent together. The parts run concurrently and each
 * waits for its read before asking for the next, so at any moment several reads are pending: instead
 * of one round trip each (the patient page: ~30 in a row on one connection, each waiting for the
 * event loop again under load), the reads asked for within one turn of the event loop go in one
 * simple-query message of several statements, and PostgreSQL answers them in order in one round trip.
 * With prepared statements allowed each read is a named SQL-level prepared statement, executed with its
 * parameters as literals (pg's own text form of each value, escaped): plans stay cached. A statement new
 * to the connection is prepared first, in a message of its own (GuardedClient `prepareAlone`). Without
 * (PgBouncer in transaction mode, where a session's prepared statements do not follow it) the parameters
 * are written into the text (`inlineParameters`; sql-prepared-statements.ts). A read alone, or one that
 * cannot be sent so, is sent as before.
 */
class ReadBatch {
  private pending: PendingRead[] = [];
  private scheduled = false;
  /**
   * The connection as a pool's (GuardedClient): it holds the transaction's opening and sends each PREPARE
   * alone. Statements are prepared on it only; on any other client the parameters are written in.
   */
  private readonly guarded: GuardedClient | null;

  constructor(
    private readonly client: ClientBase,
    private readonly prepared: boolean,
    private readonly sendOne: (
      text: string,
      parameters: unknown[] | undefined,
      structured: boolean,
    ) => Promise<unknown>,
  ) {
    this.guarded = client instanceof GuardedClient ? client : null;
  }

  add(text: string, parameters: unknown[] | undefined, structured: boolean): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ text, parameters, structured, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After this turn's microtasks: every part that was waiting on the last answers has asked again.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Sends what is pending now (synchronously hands it to the connection, ahead of anything sent after). */
  flush(): void {
    this.scheduled = false;
    const reads = this.pending;
    this.pending = [];
    if (reads.length === 0) return;
    const known = this.prepared && this.guarded ? preparedNames(this.guarded) : null;
    const together: BatchedRead[] = [];
    const alone: PendingRead[] = [];
    // The first message carries the transaction's opening (GuardedClient), so even one read goes in a
    // message: as a named prepared statement alone it would follow an opening sent on its own.
    const opening = this.guarded?.holdsOpening ?? false;
    const batching = reads.length > 1 || opening;
    for (const read of reads) {
      const batched = batching ? this.statement(read, known) : null;
      if (batched === null) alone.push(read);
      else together.push(batched);
    }
    if (together.length === 1 && !opening) alone.push(...together.map((b) => b.read));
    else if (together.length > 0) this.sendTogether(together);
    // Reads that cannot join a message are queued on the connection after it.
    for (const read of alone) this.sendOne(read.text, read.parameters, read.structured).then(read.resolve, read.reject);
  }

  private statement(read: PendingRead, known: Set<string> | null): BatchedRead | null {
    const statement = messageStatement(read.text, read.parameters ?? [], known);
    if (statement === null) return null;
    // Queued on the connection ahead of the message that executes it. Its failure fails that message.
    if (statement.prepare !== null) void this.guarded?.prepareAlone(statement.prepare).catch(() => undefined);
    return { read, sql: statement.sql };
  }

  private sendTogether(together: BatchedRead[]): void {
    // A newline before each `;`: a statement's own last line may be a `--` comment.
    const message = together.map(({ sql }) => sql.replace(/;\s*$/, '')).join('\n;\n');
    // One message, several statements: each read counts (Server-Timing `sql`), as when they went one by
    // one; the message is one round trip (`sql-round-trips`). GuardedClient counts the message itself
    // (and the transaction's opening, when the message carries it).
    countBatchedStatements(together.length - 1);
    (this.client.query(message) as unknown as Promise<PgResult | PgResult[]>).then(
      (results) => {
        const list = Array.isArray(results) ? results : [results];
        together.forEach(({ read }, at) => {
          const raw = list[at];
          if (raw) read.resolve(answer(raw, read.structured));
          else read.reject(new QueryFailedError(read.text, read.parameters, new Error('no result for the statement')));
        });
      },
      (error: unknown) => {
        // The statement that failed aborted the transaction, and with it the rest of the message.
        for (const { read } of together) read.reject(new QueryFailedError(read.text, read.parameters, error as Error));
      },
    );
  }
}

/**
 * Texts of reads a caller asked for again after their rows had been handed out (a part that reads the
 * clinic's settings after other parts have had them, say): their rows are kept and only copies handed
 * out, so the read is not sent again. Learnt per process; at most {@link TEXTS_KEPT}.
 */
const askedAgain = new Set<string>();

/** A read sent once in a snapshot, and the callers it answers. */
interface SharedRead {
  result: Promise<unknown>;
  /** Callers so far. */
  askers: number;
  /** Callers answered so far. */
  answered: number;
  /** Its rows themselves went to a caller, which may reshape them: a later caller sends the read again. */
  handedOut: boolean;
}

/**
 * Makes `runner` send each distinct read once per snapshot (key: text, parameters, result form), the
 * reads asked for together in one message ({@link ReadBatch}), and a read alone through `runner` (the
 * pool's connection sends it as a named prepared statement when those are on: GuardedClient).
 *
 * Each caller gets rows of its own, since a part may reshape the rows it was given: every caller but
 * the last one so far gets a copy, the last one the rows themselves. That is safe because the callers'
 * callbacks run one after the other, in the order they asked, before any caller goes on (each caller
 * continues in a later microtask): the copies are all made before the rows can be changed. A caller
 * that asks after the rows were handed out sends the read again (the snapshot answers it the same),
 * and from then on that text's rows are kept ({@link askedAgain}).
 */
function memoizeReads(runner: QueryRunner, client: ClientBase, { prepared }: ReadSnapshotOptions): void {
  const send = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  // By text, then by result form and parameters: the text (often several kB) is looked up as it came, its
  // hash cached on the string, instead of as part of a longer key built, copied and hashed for every read.
  const seen = new Map<string, Map<string, SharedRead>>();
  const batch = new ReadBatch(client, prepared, send);
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const [text, parameters, structured] = args;
    if (typeof text !== 'string' || !isPlainRead(text)) {
      // Whatever it changed, no earlier read is reused after it; reads asked for before it go first.
      seen.clear();
      batch.flush();
      return send(...args);
    }
    const reads = seen.get(text) ?? new Map<string, SharedRead>();
    if (reads.size === 0) seen.set(text, reads);
    const key = `${structured ? 's' : 'r'}${JSON.stringify(parameters ?? null)}`;
    let shared = reads.get(key);
    if (shared === undefined || shared.handedOut) {
      if (shared !== undefined) {
        if (askedAgain.size >= TEXTS_KEPT) askedAgain.clear();
        askedAgain.add(text);
      }
      const values = Array.isArray(parameters) ? (parameters as unknown[]) : undefined;
      const read: SharedRead = {
        result: batch.add(text, values, Boolean(structured)),
        askers: 0,
        answered: 0,
        handedOut: false,
      };
      reads.set(key, read);
      // A failed read is not remembered (the transaction fails with it anyway).
      read.result.catch(() => {
        if (reads.get(key) === read) reads.delete(key);
      });
      shared = read;
    }
    const read = shared;
    read.askers += 1;
    return read.result.then((rows) => {
      read.answered += 1;
      if (read.answered < read.askers || askedAgain.has(text)) return copy(rows);
      read.handedOut = true;
      return rows;
    });
  };
}

/**
 * Runs `fn` inside one read snapshot on `db`: the reads of its parts that go through
 * {@link readTransaction} / {@link readManager} share one connection and one REPEATABLE READ, READ ONLY
 * transaction. Nested calls join the outer snapshot.
 *
 * Round trips on the answer's path: the transaction's start rides at the head of the first message
 * (GuardedClient holds it; not a BEGIN of its own), and its end is not waited for — a read-only
 * transaction has nothing to commit, so `COMMIT` is sent when `fn` resolves and the connection returns
 * to the pool once it is answered, while the caller already has its value. When `fn` throws the
 * transaction is rolled back (awaited). A transaction that never sent a statement sends nothing at all.
 */
export async function runInReadSnapshot<T>(
  db: DataSource,
  options: ReadSnapshotOptions,
  fn: () => Promise<T>,
): Promise<T> {
  if (storage.getStore()) return fn();
  const runner = db.createQueryRunner('master');
  const client = (await runner.connect()) as ClientBase;
  memoizeReads(runner, client, options);
  const query = runner.query.bind(runner);
  let ending: Promise<unknown> | null = null;
  // TypeORM keeps the transaction's state (a nested `transaction()` becomes a savepoint, subscribers hear
  // of it); only the waiting for its COMMIT is taken over here.
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    if (args[0] !== 'COMMIT') return query(...(args as Parameters<typeof query>));
    ending = client.query('COMMIT');
    return Promise.resolve([]);
  };
  let released = false;
  try {
    await runner.startTransaction('REPEATABLE READ');
    // A consistent view that cannot write (so its COMMIT need not be waited for).
    await runner.query('SET TRANSACTION READ ONLY');
    // Each read's plan is made once per connection and kept (GENERIC_PLANS): statements with an array
    // parameter (staff names by `id = ANY($1)`, utilization by `code = ANY($3)`) were planned again on every
    // page, ~9 % of the page's PostgreSQL time. Every read here looks up one patient's rows by key.
    await runner.query(GENERIC_PLANS);
    let value: T;
    try {
      value = await storage.run({ manager: runner.manager }, fn);
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
    await runner.commitTransaction();
    const commit = ending as Promise<unknown> | null;
    if (commit) {
      released = true;
      // Back to the pool once COMMIT is answered; a connection whose COMMIT failed is discarded.
      commit.then(
        () => runner.release(),
        (error: unknown) =>
          (runner as unknown as { releasePostgresConnection(e: unknown): Promise<void> }).releasePostgresConnection(
            error,
          ),
      );
    }
    return value;
  } finally {
    if (!released) await runner.release();
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

/** The open read snapshot's manager, if the current call runs inside one. */
export function snapshotManager(): EntityManager | undefined {
  return storage.getStore()?.manager;
}

/** The manager a read outside any transaction uses: the snapshot's inside one, else the data source's. */
export function readManager(db: DataSource): EntityManager {
  return storage.getStore()?.manager ?? db.manager;
}
