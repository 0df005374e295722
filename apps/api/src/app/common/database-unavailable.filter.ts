import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { UnhandledExceptionFilter } from './unhandled-exception.filter';

/** Node socket errors and PostgreSQL SQLSTATEs that mean "the server is not there (yet)", not a bad query. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown (the server is stopping)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|terminating connection/i;

/** True when `error` says PostgreSQL is unreachable or restarting (connection class 08, shutdown, refused…). */
export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM releases a transaction's connection when the server drops it; the ROLLBACK then reports this.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return true;
  }
  const inner = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  const candidates = [inner, ...((inner as { errors?: unknown[] } | null)?.errors ?? [])];
  return candidates.some((candidate) => {
    const { code, message } = (candidate ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
  });
}

/**
 * When PostgreSQL is down or restarting, every request answers `503` with a JSON body and
 * `Retry-After` (issue #14) instead of a bare 500; the pool reconnects by itself once the server is
 * back. Every other error goes on to the catch-all {@link UnhandledExceptionFilter}. Logs name the error code only (no PHI).
 */
@Catch()
export class DatabaseUnavailableFilter extends UnhandledExceptionFilter {
  private readonly dbLogger = new Logger('Database');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!isDatabaseUnavailable(exception)) {
      super.catch(exception, host);
      return;
    }
    const code = (exception instanceof QueryFailedError ? exception.driverError : exception) as { code?: string };
    this.dbLogger.warn(`Database unavailable (${code?.code ?? 'connection lost'}): answered 503`);
    void host
      .switchToHttp()
      .getResponse<{
        code(status: number): { header(name: string, value: string): { send(body: unknown): unknown } };
      }>()
      .code(503)
      .header('Retry-After', '5')
      .send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again in a few seconds',
        code: 'DATABASE_UNAVAILABLE',
      });
  }
}
