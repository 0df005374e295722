import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';

/**
 * Paths that may carry PHI or secrets. They are removed from every log line; request bodies and
 * query strings are never logged (only the route path without its query).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.givenName',
  '*.familyName',
  '*.birthDate',
  '*.mrn',
  '*.answers',
  '*.note',
];

export function loggerParams(config: AppConfig): Params {
  const options: NonNullable<Exclude<Params['pinoHttp'], unknown[]>> = {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, remove: true },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        // Query strings can hold search terms (names, MRNs): keep the path only.
        url: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // Errors carry their SQL parameters, PostgreSQL's `detail` (the offending values) and messages
      // quoting input: only the class and the code are logged.
      err: (err: { constructor?: { name?: string }; code?: unknown }) => ({
        type: err.constructor?.name,
        code: typeof err.code === 'string' ? err.code : undefined,
      }),
    },
    // Request lines are logged at info: below that level, skip their per-request bookkeeping.
    autoLogging: ['trace', 'debug', 'info'].includes(config.LOG_LEVEL)
      ? { ignore: (req) => (req.url ?? '').startsWith('/api/health') }
      : false,
  };
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // LOG_FILE: the same JSON lines into a file (synchronous, so a test reads everything written).
    pinoHttp: config.LOG_FILE
      ? [options, pino.destination({ dest: config.LOG_FILE, sync: true, mkdir: true })]
      : options,
  };
}
