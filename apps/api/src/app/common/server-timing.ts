import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/** What one request spent on the per-request machinery (ms), and its read-cache hits and misses. */
export interface RequestTiming {
  /** process.hrtime.bigint() at onRequest. */
  readonly startedAt: bigint;
  auth: number;
  scope: number;
  audit: number;
  cacheHits: number;
  cacheMisses: number;
  /** SQL statements sent to PostgreSQL on the request's behalf (pool connections; GuardedClient counts). */
  statements: number;
  /** Messages they went in: a read batch (read-snapshot.ts) carries several statements in one round trip. */
  roundTrips: number;
}

/** The parts of the per-request overhead measured (issue #13: authentication, scoping, audit ≤ 1 ms). */
export type OverheadPart = 'auth' | 'scope' | 'audit';

const storage = new AsyncLocalStorage<RequestTiming>();
const TIMING = Symbol('requestTiming');

/** The timing of the request being served, if any (none in jobs, tests calling services directly). */
export function currentTiming(): RequestTiming | undefined {
  return storage.getStore();
}

/** Runs `fn`, adding its duration to `part` of the current request's timing. */
export async function timed<T>(part: OverheadPart, fn: () => Promise<T>): Promise<T> {
  const timing = storage.getStore();
  if (!timing) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timing[part] += performance.now() - t0;
  }
}

/**
 * Runs `fn` outside any request's timing: work shared by many requests (the audit batcher's statements)
 * is counted for none of them.
 */
export function outsideRequest<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** Counts one read-cache lookup of the current request (hit: served from memory). */
export function countCacheLookup(hit: boolean): void {
  const timing = storage.getStore();
  if (!timing) return;
  if (hit) timing.cacheHits++;
  else timing.cacheMisses++;
}

/** Counts one message of SQL sent for the current request (no text, no parameters: a count only). */
export function countStatement(): void {
  const timing = storage.getStore();
  if (!timing) return;
  timing.statements++;
  timing.roundTrips++;
}

/** Counts `n` more statements carried by a message already counted (a read batch: read-snapshot.ts). */
export function countBatchedStatements(n: number): void {
  const timing = storage.getStore();
  if (timing) timing.statements += n;
}

const round = (ms: number): string => ms.toFixed(2);

/** The `Server-Timing` header value of a request (W3C Server Timing; no PHI: durations and counts only). */
export function serverTimingHeader(timing: RequestTiming, now = process.hrtime.bigint()): string {
  const total = Number(now - timing.startedAt) / 1e6;
  return [
    `total;dur=${round(total)}`,
    `auth;dur=${round(timing.auth)}`,
    `scope;dur=${round(timing.scope)}`,
    `audit;dur=${round(timing.audit)}`,
    `cache-hit;desc=${timing.cacheHits}`,
    `cache-miss;desc=${timing.cacheMisses}`,
    `sql;desc=${timing.statements}`,
    `sql-round-trips;desc=${timing.roundTrips}`,
  ].join(', ');
}

/**
 * Every response carries `Server-Timing`: the server time of the request and what authentication,
 * patient scoping and auditing took of it, plus read-cache hits and misses and the number of SQL
 * statements sent (`sql;desc=n`) — the bench reads them to
 * report per-request overhead and the cache hit rate under mixed traffic (bench/scenarios/mixed-traffic.mjs).
 */
export function registerServerTiming(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const timing: RequestTiming = {
      startedAt: process.hrtime.bigint(),
      auth: 0,
      scope: 0,
      audit: 0,
      cacheHits: 0,
      cacheMisses: 0,
      statements: 0,
      roundTrips: 0,
    };
    (request as unknown as Record<symbol, RequestTiming>)[TIMING] = timing;
    storage.run(timing, done);
  });
  // A body is parsed from socket events outside the request's context: enter it again before the handler.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const timing = (request as unknown as Record<symbol, RequestTiming | undefined>)[TIMING];
    if (timing && storage.getStore() !== timing) storage.enterWith(timing);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const timing = (request as unknown as Record<symbol, RequestTiming | undefined>)[TIMING];
    if (timing) reply.header('server-timing', serverTimingHeader(timing));
    done(null, payload);
  });
}
