import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import { countBatchedStatements, countStatement } from '../common/server-timing';
import {
  GENERIC_PLANS,
  messageStatement,
  statementName,
  preparedNames,
  PREPARED_PER_CONNECTION,
  type MessageStatement,
} from './sql-prepared-statements';

const logger = new Logger('DatabasePool');

/** What a held statement answers: as pg answers a statement that returns no rows. */
const held = (): object => ({ command: null, rowCount: null, rows: [], fields: [] });

/**
 * The pool's connection class (TypeORM `extra.Client`): a `pg` Client that always has an `error`
 * listener. pg-pool listens while a connection is idle and TypeORM while a query runner holds it, but
 * between the two — a connection being removed after an error, or ended by the pool — nobody does,
 * and when PostgreSQL died (kill -9, `57P01` from its backends) the late `error` event was unhandled
 * and took the whole API down (issue #14, reliability suite `crash-postgres`). The other listeners
 * still run: this one only keeps a late error from becoming an uncaught exception. Logged with its
 * SQLSTATE/errno code only (never a message: PostgreSQL can quote values there).
 */
export class GuardedClient extends Client {
  /**
   * Whether statements with parameters go as prepared statements (`PG_PREPARED_STATEMENTS`, passed in the
   * pool's options as `preparedStatements`): a transaction's first one SQL-level, the others named.
   */
  private readonly prepareStatements: boolean;

  constructor(config?: string | (ClientConfig & { preparedStatements?: boolean })) {
    super(config);
    this.prepareStatements = typeof config === 'object' && config.preparedStatements === true;
    this.on('error', (error: Error & { code?: string }) =>
      logger.debug(`A pooled connection failed outside a query (${error.code ?? error.name})`),
    );
  }

  /**
   * The transaction's opening (`START TRANSACTION`, `SET TRANSACTION …`, `SET LOCAL …`), held back to go at
   * the head of the next statement's message instead of costing a round trip of its own.
   */
  private opening: string[] = [];
  /** Statements to send inside the transaction just before its COMMIT, in the COMMIT's message. */
  private beforeCommit: string[] = [];
  /** A statement to send right after the transaction's COMMIT, in the same message. */
  private afterCommit: string | null = null;

  /** Whether a transaction's opening is held for the next message (nothing of it sent yet). */
  get holdsOpening(): boolean {
    return this.opening.length > 0;
  }

  /**
   * Sends `statement` with the open transaction's `COMMIT`, in the same message: `before` it (inside the
   * transaction: it commits with the transaction or not at all) or `after` it (it runs only if the commit
   * succeeded: an error ends a message). Forgotten on `ROLLBACK`. AuditService queues a change's audit
   * rows `before` and the WAL flush their asynchronous commit needs `after` (migration 1764000036000).
   */
  sendWithCommit(statement: string, when: 'before' | 'after'): void {
    if (when === 'before') this.beforeCommit.push(statement);
    else this.afterCommit = statement;
  }

  /**
   * Counts each statement sent for the request being served (Server-Timing `sql;desc=n`, read by the
   * bench to report statements per action; a count only — never the text or parameters). Folds a
   * transaction's control statements into the messages of its statements: TypeORM sends each alone.
   */
  override query: Client['query'] = ((...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string') return this.send(args);
    if (text === 'START TRANSACTION' || (this.opening.length > 0 && /^SET (TRANSACTION|LOCAL) /.test(text))) {
      if (text === 'START TRANSACTION') this.forgetTransaction();
      // Counted when it is sent, with the message that carries it.
      this.opening.push(text);
      return Promise.resolve(held());
    }
    if (text === 'ROLLBACK') {
      const unsent = this.opening.length > 0;
      this.forgetTransaction();
      // Nothing of the transaction reached the server: nothing to roll back.
      if (unsent) return Promise.resolve(held());
      return this.send(args);
    }
    if (text === 'COMMIT') {
      // Nothing of the transaction was sent, and nothing waits for its COMMIT: nothing to commit.
      if (this.opening.length > 0 && this.beforeCommit.length === 0) {
        this.forgetTransaction();
        return Promise.resolve(held());
      }
      const message = [
        ...this.opening,
        ...this.beforeCommit,
        'COMMIT',
        ...(this.afterCommit ? [this.afterCommit] : []),
      ];
      this.forgetTransaction();
      if (message.length === 1) return this.send(args);
      const at = message.indexOf('COMMIT');
      return this.sendMessage(message, (results) => results[at]);
    }
    if (this.opening.length > 0 && args.length <= 2 && (values === undefined || Array.isArray(values))) {
      // The transaction's first statement behind the opening: one round trip for both. A text without
      // parameters (it may be several statements, as a read snapshot's batch is) goes as it is; one with
      // parameters as a SQL-level prepared statement (its plan kept on the connection, as pg's own named
      // statements keep theirs), or with its parameters written in (pg's own text form, quoted) when
      // those are off. A text that cannot be sent so goes as before.
      const statement = this.firstStatement(text, (values as unknown[] | undefined) ?? []);
      if (statement !== null) {
        // A statement new to the connection is prepared first, alone and outside the transaction, so that
        // whether it took effect is known whatever the transaction then does (a PREPARE that a failing
        // message carried may or may not have run). Once per statement and connection.
        return this.executePrepared(statement, () => {
          const message = [...this.opening, statement.sql];
          const skip = this.opening.length;
          this.opening = [];
          // What the text alone would answer: its result, or its results when it is several statements.
          return this.sendMessage(message, (results) =>
            results.length === skip + 1 ? results[skip] : results.slice(skip),
          );
        });
      }
    }
    return this.send(args);
  }) as Client['query'];

  /**
   * The transaction's first statement as its first message carries it, and the `PREPARE` to send
   * before it if the connection lacks the statement; null when it cannot go in a message.
   */
  private firstStatement(text: string, parameters: unknown[]): MessageStatement | null {
    if (parameters.length === 0) return { sql: text, prepare: null };
    return messageStatement(text, parameters, this.prepareStatements ? preparedNames(this) : null);
  }

  /**
   * Sends a `PREPARE` in a message of its own, ahead of anything sent after it (and of a held opening:
   * outside the transaction). Alone, because PostgreSQL keeps a SQL-level prepared statement's source
   * as the whole message that carried it and copies that text on every `EXECUTE` (ExecuteQuery): a
   * PREPARE that travelled in an 18 kB batch copied 18 kB per execution, a few per cent of PostgreSQL's
   * CPU under patient-page traffic (perf, session 19). The connection counts the name as prepared from
   * now on — the messages after it run after it — and forgets it if it fails.
   */
  prepareAlone({ name, sql }: NonNullable<MessageStatement['prepare']>): Promise<unknown> {
    preparedNames(this).add(name);
    return this.sendMessage([sql], (results) => results[0]).catch((error: unknown) => {
      preparedNames(this).delete(name);
      throw error;
    });
  }

  /**
   * `text` with `values` run with a generic plan kept on the connection: executed as a SQL-level prepared
   * statement behind {@link GENERIC_PLANS} in one simple-query message (an implicit transaction, which the
   * setting lasts for), prepared first in a message of its own when new to the connection. Outside a
   * transaction only. Without prepared statements (PgBouncer) it is sent as pg would.
   */
  async queryWithGenericPlan<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    const statement = this.prepareStatements ? messageStatement(text, values, preparedNames(this)) : null;
    if (statement === null || this.opening.length > 0) {
      return ((await this.query(text, values as unknown[])) as unknown as { rows: T[] }).rows;
    }
    return this.executePrepared(statement, () =>
      this.sendMessage([GENERIC_PLANS, statement.sql], (results) => (results[1] as { rows: T[] }).rows),
    ) as Promise<T[]>;
  }

  /**
   * Sends `statement.prepare` alone first when the connection lacks the statement, then `send`'s message
   * that executes it. A PREPARE that failed fails the statement with its own error (its EXECUTE then finds
   * nothing).
   */
  private executePrepared(statement: MessageStatement, send: () => Promise<unknown>): Promise<unknown> {
    const prepared = statement.prepare === null ? null : this.prepareAlone(statement.prepare);
    const sent = send();
    return prepared === null ? sent : Promise.all([prepared, sent]).then(([, result]) => result);
  }

  /** Sends `args` as pg would, after the held opening (if any) in a message of its own. */
  private send(args: unknown[]): unknown {
    if (this.opening.length > 0) {
      const opening = this.opening;
      this.opening = [];
      // Queued on the connection ahead of `args`; its failure fails the statements after it anyway.
      void this.sendMessage(opening, (results) => results[0]).catch(() => undefined);
    }
    countStatement();
    return (Client.prototype.query as (...a: unknown[]) => unknown).apply(this, this.named(args));
  }

  /**
   * A statement with parameters as a named (protocol-level) prepared statement when prepared statements
   * are on: parsed once per connection and its plan kept, where an unnamed one is parsed and planned on
   * every call (a review write's reads planned for 0.1–0.2 ms each and ran for 0.02). At most
   * {@link PREPARED_PER_CONNECTION} per connection: a text built with a varying number of parameters
   * would otherwise keep one per variant.
   */
  private named(args: unknown[]): unknown[] {
    const [text, values, ...rest] = args;
    if (!this.prepareStatements || typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
      return args;
    // A callback after the values is kept (pg-pool's `pool.query` passes one: `poolQuery`'s statements, the
    // caseload's and the agenda's aggregates, went unnamed and were planned again on every call).
    if (rest.length > 1 || (rest.length === 1 && typeof rest[0] !== 'function')) return args;
    const name = statementName(text);
    const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
      .parsedStatements;
    if (!(name in parsed) && Object.keys(parsed).length >= PREPARED_PER_CONNECTION) return args;
    return [{ name, text, values }, ...rest];
  }

  /** One simple-query message of `statements`; resolves with what `answer` picks of their results. */
  private async sendMessage(statements: string[], answer: (results: unknown[]) => unknown): Promise<unknown> {
    countStatement();
    countBatchedStatements(statements.length - 1);
    // A newline before each `;`: a statement's own last line may be a `--` comment.
    const results = (await (Client.prototype.query as (text: string) => Promise<unknown>).call(
      this,
      statements.join('\n;\n'),
    )) as unknown[] | unknown;
    return answer(Array.isArray(results) ? results : [results]);
  }

  private forgetTransaction(): void {
    this.opening = [];
    this.beforeCommit = [];
    this.afterCommit = null;
  }
}
