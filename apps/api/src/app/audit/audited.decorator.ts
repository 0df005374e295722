import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { AUDITED_KEY, AuditInterceptor, type AuditedOptions } from './audit.interceptor';

export type { AuditedOptions };

/**
 * Records one audit event per call of the route: `success` once the handler has produced its result
 * (before the response is sent: no audit row, no data), `failure` with the HTTP status when it throws.
 * For exports and reads of PHI; writes should rather record inside their own transaction.
 */
export const Audited = (options: AuditedOptions): MethodDecorator =>
  applyDecorators(SetMetadata(AUDITED_KEY, options), UseInterceptors(AuditInterceptor));
