import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Statuses counted as refusals: bad or missing credentials, wrong role, out of scope. */
const REFUSALS = new Set([401, 403, 404]);
const MINUTE_MS = 60_000;
/** The counters' name in the shared store (`rate_limit_counter`, beside `@nestjs/throttler`'s). */
const STORE_NAME = 'refusal';
/** An IP address as a whole may be refused this many times the per-client limit. */
const IP_FACTOR = 5;
/** Past this many blocks held, expired ones are swept before another is added. */
const MAX_BLOCKS_KEPT = 10_000;

export interface RefusalLimits {
  enabled: boolean;
  /** Refusals a minute per client IP and credential before further requests answer 429. */
  perMinute: number;
}

/**
 * Rate limit on refused requests (issue #14 item 4; docs/adr/0010-input-limits-and-refusals.md), ahead of
 * authentication and of any audit write: once a client (IP + the credential it presents) has been refused
 * `perMinute` times within a minute, its further `/api` requests answer 429 for a minute; an IP as a whole
 * gets five times that (so rotating garbage tokens does not escape). Successful and 400 answers are not
 * counted, so a user's ordinary work is never slowed by a stranger elsewhere.
 *
 * The counts live in `store`: PostgreSQL's `rate_limit_counter` (the same atomic upsert as the other rate
 * limits, {@link PgThrottlerStorage}), so every API instance counts against one limit. Each refusal is
 * counted before its answer is sent; the answer that reaches the limit blocks the client in this process
 * at once, and every other instance blocks it at its next refusal from that client (the store answers
 * "blocked" without counting). Requests are checked against this process's blocks only, so an allowed
 * request costs no database round trip; a blocked client thus gets at most one further refusal from each
 * other instance. With the store unreachable (PostgreSQL down: every answer is a 503 anyway) nothing is counted.
 */
export class RefusalLimiter {
  private readonly logger = new Logger(RefusalLimiter.name);
  /** Key → epoch ms until which it is blocked (this process's view of the shared blocks). */
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly limits: RefusalLimits,
    private readonly store: ThrottlerStorage,
    private readonly now: () => number = Date.now,
  ) {}

  register(fastify: FastifyInstance): void {
    if (!this.limits.enabled) return;
    fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
      if (!request.url.startsWith('/api/') || request.url.startsWith('/api/health')) return done();
      const until = Math.max(...this.keys(request).map((key) => this.blockedUntil(key)));
      if (until > 0) {
        void reply
          .code(429)
          .header('Retry-After', String(Math.max(1, Math.ceil((until - this.now()) / 1000))))
          .send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: 'Too many refused requests; please wait a minute and try again',
          });
        return;
      }
      done();
    });
    // Counted before the refusal is sent, so the client's next request already meets the block.
    fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      // Only requests that presented a credential: an anonymous 401 costs nothing and writes nothing, and
      // counting them would let the dashboards of one clinic (one NAT address) lock each other out.
      if (REFUSALS.has(reply.statusCode) && request.url.startsWith('/api/') && request.headers.authorization) {
        await this.count(request);
      }
      return payload;
    });
  }

  private async count(request: FastifyRequest): Promise<void> {
    const [client, ip] = this.keys(request);
    try {
      await Promise.all([this.hit(client, this.limits.perMinute), this.hit(ip, IP_FACTOR * this.limits.perMinute)]);
    } catch (error) {
      this.logger.warn(`Refusal not counted (${error instanceof Error ? error.name : 'unknown error'})`);
    }
  }

  /** Counts one refusal of `key`; the `limit`-th within a minute blocks it for a minute (here and in the store). */
  private async hit(key: string, limit: number): Promise<void> {
    // The store blocks on the hit that exceeds its limit: limit − 1, so that the limit-th refusal blocks.
    const record = await this.store.increment(key, MINUTE_MS, limit - 1, MINUTE_MS, STORE_NAME);
    if (!record.isBlocked) return;
    if (this.blocked.size >= MAX_BLOCKS_KEPT) {
      for (const [other, until] of this.blocked) if (until <= this.now()) this.blocked.delete(other);
    }
    this.blocked.set(key, this.now() + record.timeToBlockExpire * 1000);
  }

  private blockedUntil(key: string): number {
    const until = this.blocked.get(key);
    if (until === undefined) return 0;
    if (until > this.now()) return until;
    this.blocked.delete(key);
    return 0;
  }

  private keys(request: FastifyRequest): [string, string] {
    const credential = request.headers.authorization ?? '';
    const hash = credential ? createHash('sha256').update(credential).digest('base64url').slice(0, 22) : 'none';
    return [`c:${request.ip}|${hash}`, `ip:${request.ip}`];
  }
}
