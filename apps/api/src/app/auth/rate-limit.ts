import { createHash } from 'node:crypto';
import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { PgThrottlerStorage } from './rate-limit-counter.repository';
import type { AuthenticatedRequest } from './auth-user';

const LOGIN_THROTTLE_KEY = 'huddle:loginThrottle';
const MINUTE_MS = 60_000;

/** Puts a route under the strict sign-in limit (per IP and email), on top of the global one. */
export const LoginThrottle = (): MethodDecorator => SetMetadata(LOGIN_THROTTLE_KEY, true);

const PUBLIC_FORM_THROTTLE_KEY = 'huddle:publicFormThrottle';

/** Requests per minute per IP address on the public self-report routes (on top of the global limit). */
export const SELF_REPORT_PUBLIC_LIMIT_PER_MINUTE = 20;

/**
 * Puts a controller's routes under the public-form limit ({@link SELF_REPORT_PUBLIC_LIMIT_PER_MINUTE}
 * per IP), counted and blocked under a key of its own: reaching it blocks the form, never sign-in or
 * the rest of the API from that address.
 */
export const PublicFormThrottle = (): ClassDecorator => SetMetadata(PUBLIC_FORM_THROTTLE_KEY, true);

type ThrottledRequest = AuthenticatedRequest & { body?: { email?: unknown } };

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const ipOf = (req: ThrottledRequest): string => normalizeIp(req.ip ?? 'unknown', 64);
const userOrIp = (req: ThrottledRequest): string => (req.user ? `user:${req.user.id}` : `ip:${ipOf(req)}`);
const ipAndEmail = (req: ThrottledRequest): string => {
  const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
  return `${ipOf(req)}|${email}`;
};

/**
 * Rate limits (`@nestjs/throttler`; counted in PostgreSQL and shared by every API instance, or in this
 * process's memory with `RATE_LIMIT_STORE=memory`):
 * - `default`: every route, `RATE_LIMIT_PER_MINUTE` per signed-in user (per IP when anonymous), counted
 *   across all routes;
 * - `login`: `@LoginThrottle()` routes, `LOGIN_RATE_LIMIT_PER_MINUTE` per IP and email;
 * - `publicForm`: `@PublicFormThrottle()` controllers (the patient's self-report form), per IP.
 * Each throttler counts and blocks under its own key, so one limit reached never blocks another's routes.
 * `RATE_LIMIT_ENABLED=false` turns both off. The guard runs after `AuthGuard`, so the user is known.
 */
export function throttlerOptions(config: AppConfig, db?: DataSource): ThrottlerModuleOptions {
  return {
    storage: config.RATE_LIMIT_STORE === 'postgres' && db ? new PgThrottlerStorage(db) : undefined,
    skipIf: () => !config.RATE_LIMIT_ENABLED,
    errorMessage: 'Too many requests; please wait a minute and try again',
    throttlers: [
      {
        name: 'default',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_PER_MINUTE,
        getTracker: (req) => userOrIp(req as ThrottledRequest),
        generateKey: (_: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`,
      },
      {
        name: 'login',
        ttl: MINUTE_MS,
        limit: config.LOGIN_RATE_LIMIT_PER_MINUTE,
        skipIf: (context: ExecutionContext) =>
          !config.RATE_LIMIT_ENABLED || Reflect.getMetadata(LOGIN_THROTTLE_KEY, context.getHandler()) !== true,
        getTracker: (req) => ipAndEmail(req as ThrottledRequest),
        // Hashed: the key store never holds email addresses.
        generateKey: (_: ExecutionContext, tracker: string, name: string) => `${name}:${sha256(tracker)}`,
      },
      {
        name: 'publicForm',
        ttl: MINUTE_MS,
        limit: SELF_REPORT_PUBLIC_LIMIT_PER_MINUTE,
        skipIf: (context: ExecutionContext) =>
          !config.RATE_LIMIT_ENABLED || Reflect.getMetadata(PUBLIC_FORM_THROTTLE_KEY, context.getClass()) !== true,
        getTracker: (req) => `ip:${ipOf(req as ThrottledRequest)}`,
        generateKey: (_: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`,
      },
    ],
  };
}
