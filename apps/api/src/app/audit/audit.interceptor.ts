import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth-user';
import { AuditService, type AuditOutcome } from './audit.service';

export const AUDITED_KEY = 'huddle:audited';

/** What `@Audited` records about a route. */
export interface AuditedOptions {
  /** Stable action code, e.g. `billing.export`, `staff.update`. */
  action: string;
  resourceType?: string;
  /** Route parameter holding the patient id (recorded in `patient_id`). */
  patientParam?: string;
  /** Route parameter holding the resource id (recorded in `resource_id`). */
  resourceParam?: string;
}

type Request = AuthenticatedRequest & { params?: Record<string, string | undefined> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** HTTP status an error will be answered with (HttpException, DomainError), else 500. */
const statusOf = (error: unknown): number => {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 500;
};

/** Applies `@Audited` (see there); bound by the decorator to its routes only. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<AuditedOptions | undefined>(AUDITED_KEY, context.getHandler());
    if (!options) return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const patient = options.patientParam ? (request.params?.[options.patientParam] ?? '') : '';
    const record = (outcome: AuditOutcome, details: Record<string, unknown>): Promise<void> =>
      this.audit.record({
        action: options.action,
        outcome,
        actor: request.user ?? null,
        ip: request.ip ?? null,
        resourceType: options.resourceType ?? null,
        resourceId: options.resourceParam ? (request.params?.[options.resourceParam]?.slice(0, 200) ?? null) : null,
        // A malformed id (answered 400) must not make the audit insert fail.
        patientId: UUID.test(patient) ? patient : null,
        details,
      });
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await record('success', {});
        return result;
      }),
      catchError((error: unknown) =>
        from(
          record('failure', { status: statusOf(error) }).then(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}
