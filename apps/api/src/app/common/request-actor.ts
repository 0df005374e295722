import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, AuthUser } from '../auth/auth-user';
import { UnauthenticatedError } from './errors';

/** The authenticated caller plus where the request came from, for scoping and the audit log. */
export interface Actor extends AuthUser {
  ip: string | null;
}

/** The caller of a route protected by the global `AuthGuard`, with the request's IP address. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.user) throw new UnauthenticatedError('Not authenticated');
  return { ...request.user, ip: request.ip ?? null };
});
