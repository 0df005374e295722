import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Statuses counted as refusals: bad or missing credentials, wrong role, out of scope. */
const REFUSALS = new Set([401, 403, 404]);

export interface RefusalLimits {
  enabled: boolean;
  /** Refusals a minute per client IP and credential before further requests answer 429. */
  perMinute: number;
}

/**
 * Rate limit on refused requests (issue #14 item 4), ahead of authentication and of any audit write:
 * once a client (IP + the credential it presents) has been refused `perMinute` times in the current
 * minute, its further `/api` requests answer 429 at once until the minute ends; an IP as a whole gets
 * five times that (so rotating garbage tokens does not escape). Successful and 400 answers are not counted,
 * so a user's ordinary work is never slowed by a stranger elsewhere. In memory, per API process.
 */
export class RefusalLimiter {
  private window = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly limits: RefusalLimits,
    private readonly now: () => number = Date.now,
  ) {}

  register(fastify: FastifyInstance): void {
    if (!this.limits.enabled) return;
    fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
      if (!request.url.startsWith('/api/') || request.url.startsWith('/api/health')) return done();
      const [client, ip] = this.keys(request);
      if (
        (this.counts.get(client) ?? 0) >= this.limits.perMinute ||
        (this.counts.get(ip) ?? 0) >= 5 * this.limits.perMinute
      ) {
        void reply
          .code(429)
          .header('Retry-After', String(60 - Math.floor((this.now() / 1000) % 60)))
          .send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: 'Too many refused requests; please wait a minute and try again',
          });
        return;
      }
      done();
    });
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
      // Only requests that presented a credential: an anonymous 401 costs nothing and writes nothing, and
      // counting them would let the dashboards of one clinic (one NAT address) lock each other out.
      if (REFUSALS.has(reply.statusCode) && request.url.startsWith('/api/') && request.headers.authorization) {
        for (const key of this.keys(request)) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
      done();
    });
  }

  private keys(request: FastifyRequest): [string, string] {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.window) {
      this.window = minute;
      this.counts.clear();
    }
    const credential = request.headers.authorization ?? '';
    const hash = credential ? createHash('sha256').update(credential).digest('base64url').slice(0, 22) : 'none';
    return [`c:${request.ip}|${hash}`, `ip:${request.ip}`];
  }
}
