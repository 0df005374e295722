import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, from, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors';

/** Most `access.not_found` rows written per caller and minute; the rest are counted into the next row written. */
export const PROBE_AUDIT_ROWS_PER_MINUTE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Request = AuthenticatedRequest & {
  method?: string;
  routeOptions?: { url?: string };
  params?: Record<string, string | undefined>;
};

const statusOf = (error: unknown): number | undefined =>
  error instanceof HttpException ? error.getStatus() : error instanceof DomainError ? error.status : undefined;

/**
 * Out-of-scope probes leave a trace (issue #14 item 4): a signed-in caller's request answered 404 (another
 * clinic's or caseload's id, or an id that does not exist — never told apart) writes `access.not_found`
 * with the route and the ids asked for; no PHI. Bounded per caller: at most
 * {@link PROBE_AUDIT_ROWS_PER_MINUTE} rows a minute, the excess counted in `details.suppressed` of the
 * next row (docs/adr/0010-input-limits-and-refusals.md). The refusal limiter bounds the request rate itself.
 */
@Injectable()
export class ProbeAuditInterceptor implements NestInterceptor {
  private window = 0;
  private readonly written = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly audit: AuditService,
    private readonly now: () => number = Date.now,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const request = context.switchToHttp().getRequest<Request>();
        if (statusOf(error) !== 404 || !request.user) throw error;
        return from(
          this.record(request).then(
            () => Promise.reject(error),
            () => Promise.reject(error),
          ),
        );
      }),
    );
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
