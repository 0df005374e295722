import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import { countStatement } from '../common/server-timing';

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

  /**
   * Counts each statement sent for the request being served (Server-Timing `sql;desc=n`, read by the
   * bench to report statements per action; a count only — never the text or parameters).
   */
  override query: Client['query'] = ((...args: unknown[]) => {
    countStatement();
    return (Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
  }) as Client['query'];
}
