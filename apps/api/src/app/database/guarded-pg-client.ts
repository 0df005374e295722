import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import { countBatchedStatements, countStatement } from '../common/server-timing';

const logger = new Logger('DatabasePool');

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
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (error: Error & { code?: string }) =>
      logger.debug(`A pooled connection failed outside a query (${error.code ?? error.name})`),
    );
  }

  /** A statement to send in one message with the open transaction's COMMIT ({@link commitWith}). */
  private afterCommit: string | null = null;

  /**
   * Sends `statement` right after the open transaction's `COMMIT`, in the same message: one round trip
   * for both, and `statement` runs only if the commit succeeded (an error ends a message). Forgotten on
   * `ROLLBACK`. Used for the WAL flush that must follow a commit whose audit rows did not wait for the
   * disk (AuditService, migration 1764000036000).
   */
  commitWith(statement: string): void {
    this.afterCommit = statement;
  }

  /**
   * Counts each statement sent for the request being served (Server-Timing `sql;desc=n`, read by the
   * bench to report statements per action; a count only — never the text or parameters).
   */
  override query: Client['query'] = ((...args: unknown[]) => {
    countStatement();
    if (this.afterCommit !== null && typeof args[0] === 'string') {
      if (args[0] === 'COMMIT') {
        // TypeORM's commit, sent bare (no parameters): a simple-query message may hold both statements.
        args = [`COMMIT;\n${this.afterCommit}`, ...args.slice(1)];
        countBatchedStatements(1);
        this.afterCommit = null;
      } else if (args[0] === 'ROLLBACK' || args[0].startsWith('START TRANSACTION')) this.afterCommit = null;
    }
    return (Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
  }) as Client['query'];
}
