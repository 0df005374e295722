import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM logger that never writes query parameters (they carry names, birth dates, answers).
 * Failed queries log the error's message and code and the SQL text only; migrations log their names.
 */
export class PhiSafeTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQuery(): void {
    // Successful queries are not logged.
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const err = typeof error === 'string' ? { message: error } : (error as Error & { code?: string });
    this.logger.error({ msg: 'query failed', code: 'code' in err ? err.code : undefined, sql: truncate(query) });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ msg: 'slow query', ms: time, sql: truncate(query) });
  }

  logSchemaBuild(): void {
    // Schema comes from migrations only.
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

const truncate = (sql: string): string => (sql.length > 500 ? `${sql.slice(0, 500)}…` : sql);
