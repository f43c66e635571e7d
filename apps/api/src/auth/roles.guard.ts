import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, AuthErrorCode, Principal, Role } from '@lib/auth';
import { REQUIRED_ROLES } from './auth.decorators';

/** Runs after JwtAuthGuard: the principal's role (read fresh from the database) must be allowed. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: Principal & { apiKeyId?: string } }>().user;
    // Role-restricted routes (admin) never take an API key, whoever owns it.
    if (user?.apiKeyId) throw new AuthError(AuthErrorCode.API_KEY_PERMISSION, 'This route does not take API keys: use a bearer token');
    if (user && roles.includes(user.role)) return true;
    throw new AuthError(AuthErrorCode.FORBIDDEN, 'This route needs one of the roles: ' + roles.join(', '));
  }
}
