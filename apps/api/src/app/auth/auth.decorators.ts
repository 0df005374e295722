import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, AuthUser } from './auth-user';
import type { Permission } from './permissions';
import { UnauthenticatedError } from '../common/errors';

export const PERMISSION_KEY = 'huddle:permission';

/** The permission a route requires (see `ROLE_PERMISSIONS`). Every non-public route has one. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(PERMISSION_KEY, permission);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new UnauthenticatedError('Not authenticated');
  return user;
});
