import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/auth-user';
import type { AuditService } from '../audit/audit.service';

/** Most `access.not_found` rows written per caller and minute; the rest are counted into the next row written. */
export const PROBE_AUDIT_ROWS_PER_MINUTE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Request = AuthenticatedRequest & {
  method?: string;
  routeOptions?: { url?: string };
  params?: Record<string, string | undefined>;
};

/**
 * Out-of-scope probes leave a trace (issue #14 item 4): a signed-in caller's request answered 404 (another
 * clinic's or caseload's id, or an id that does not exist — never told apart) writes `access.not_found`
 * with the route and the ids asked for; no PHI. Bounded per caller: at most
 * {@link PROBE_AUDIT_ROWS_PER_MINUTE} rows a minute, the excess counted in `details.suppressed` of the
 * next row (docs/adr/0010-input-limits-and-refusals.md). The refusal limiter bounds the request rate itself.
 *
 * A Fastify `onSend` hook, not a global Nest interceptor: an interceptor on every route cost every request
 * an `AsyncResource` binding and an RxJS pipe (ADR 0006); the hook only compares a status code, and the
 * row is written before the 404 is sent.
 */
export class ProbeAudit {
  private window = 0;
  private readonly written = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly audit: AuditService,
    private readonly now: () => number = Date.now,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
      const probe = request as unknown as Request;
      if (reply.statusCode !== 404 || !probe.user) return done(null, payload);
      // A failed audit write must not turn the 404 into something else (it is logged by the audit service).
      this.record(probe).then(
        () => done(null, payload),
        () => done(null, payload),
      );
    });
  }

  private async record(request: Request): Promise<void> {
    const user = request.user;
    if (!user) return;
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.window) {
      this.window = minute;
      this.written.clear();
    }
    const count = (this.written.get(user.id) ?? 0) + 1;
    this.written.set(user.id, count);
    if (count > PROBE_AUDIT_ROWS_PER_MINUTE) {
      this.suppressed.set(user.id, (this.suppressed.get(user.id) ?? 0) + 1);
      return;
    }
    const suppressed = this.suppressed.get(user.id) ?? 0;
    this.suppressed.delete(user.id);
    const ids = Object.values(request.params ?? {}).filter((v): v is string => typeof v === 'string' && UUID.test(v));
    await this.audit.record({
      action: 'access.not_found',
      outcome: 'denied',
      actor: user,
      ip: request.ip ?? null,
      resourceId: ids[0] ?? null,
      details: {
        route: `${request.method ?? ''} ${request.routeOptions?.url ?? ''}`,
        ids,
        ...(suppressed > 0 ? { suppressed } : {}),
      },
    });
  }
}
