import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthError, AuthErrorCode, Principal } from '@lib/auth';
import { TokenExpiredError } from 'jsonwebtoken';
import { IS_PUBLIC } from './auth.decorators';

/** Global: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T = Principal>(error: unknown, user: T | false, info: unknown): T {
    if (error) throw error;
    if (user) return user;
    if (info instanceof TokenExpiredError) throw new AuthError(AuthErrorCode.TOKEN_EXPIRED, 'The access token has expired');
    throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'A valid bearer access token is required');
  }
}
