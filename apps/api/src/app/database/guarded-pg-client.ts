import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

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
}
