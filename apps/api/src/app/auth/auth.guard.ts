import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { IS_PUBLIC_KEY } from '../common/public.decorator';
import type { AuthenticatedRequest, AuthUser } from './auth-user';
import { PERMISSION_KEY } from './auth.decorators';
import { roleHasPermission, type Permission } from './permissions';
import { SessionService } from './session.service';
import { PermissionDeniedError, UnauthenticatedError } from '../common/errors';
import { timed } from '../common/server-timing';

/**
 * Global guard, deny by default: a route is reachable only if it is `@Public()`, or the caller has a
 * valid access token for a live session (idle timeout enforced server-side) and their role grants the
 * route's declared permission. A route with no declared permission is refused for everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    return timed('auth', () => this.check(context));
  }

  private async check(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { method: string; routeOptions?: { url?: string } }>();
    const header = request.headers['authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null;
    if (!token) throw new UnauthenticatedError('Authentication required');

    const claims = await this.sessions.verifyAccessToken(token);
    if (!claims) throw new UnauthenticatedError('Access token invalid or expired');
    const user: AuthUser = {
      id: claims.sub,
      clinicId: claims.cid,
      role: claims.role,
      displayName: claims.name,
      sessionId: claims.sid,
    };

    const session = await this.sessions.touch(claims.sid, claims.sub);
    if (!session.ok) {
      if (session.reason === 'idle_timeout' || session.reason === 'expired' || session.reason === 'user_inactive') {
        await this.audit.record({
          action: `session.${session.reason}`,
          outcome: 'failure',
          actor: user,
          ip: request.ip ?? null,
        });
      }
      throw new UnauthenticatedError(
        session.reason === 'idle_timeout'
          ? 'Session ended after inactivity; please sign in again'
          : 'Session is no longer valid',
      );
    }
    request.user = user;

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const route = `${request.method} ${request.routeOptions?.url ?? ''}`;
    if (!permission) {
      this.logger.error(`Route ${route} declares no permission; refused`);
      throw new PermissionDeniedError('This route is not available');
    }
    if (!roleHasPermission(user.role, permission)) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        actor: user,
        ip: request.ip ?? null,
        details: { route, permission },
      });
      throw new PermissionDeniedError(`Your role (${user.role}) does not allow ${permission}`);
    }
    return true;
  }
}
