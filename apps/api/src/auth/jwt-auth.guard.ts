import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { AuthError, AuthErrorCode, AuthenticateSessionQuery, Principal, accessTokenVerification } from '@lib/auth';
import { isUuid } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { TokenExpiredError } from 'jsonwebtoken';
import { IS_PUBLIC } from './auth.decorators';
import { VerifiedTokens } from './verified-tokens';
import { ApiKeyAuthenticator, SignedHttpRequest } from './api-key-authenticator';

interface AccessTokenPayload {
  readonly sub?: unknown;
  readonly sid?: unknown;
}

type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; user?: Principal };

/** `<scheme> <token>`, as passport-jwt's fromAuthHeaderAsBearerToken read it (same pattern, scheme case-insensitive). */
const AUTH_HEADER = /(\S+)\s+(\S+)/;

/**
 * Global: every route needs a valid bearer token (or a signed API-key
 * request: ApiKeyAuthenticator) unless marked @Public().
 * Verifies the token (HS256 pinned, issuer, audience, expiry; KeyObject) with
 * jsonwebtoken, remembering the tokens it accepted (VerifiedTokens), then asks the auth context whether its session is live and its
 * account active (AuthenticateSessionQuery: the principal cache, else one read).
 *
 * It calls jsonwebtoken itself rather than through passport + passport-jwt:
 * same checks, same answers, but passport built a middleware, a strategy
 * object and several promises per request and decorated the request with its
 * own methods (measured: about 30 us of CPU per request, ~8% of GET /auth/me).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly tokens: VerifiedTokens;
  /** Whether a handler is public, by handler (its metadata is fixed once the app is built). */
  private readonly publicHandlers = new WeakMap<object, boolean>();

  constructor(
    private readonly reflector: Reflector,
    private readonly queries: QueryBus,
    config: AppConfig,
    private readonly apiKeys: ApiKeyAuthenticator,
  ) {
    this.tokens = new VerifiedTokens(accessTokenVerification(config));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // A signed request (docs/api-keys.md): the key's owner is the principal.
    if (request.headers['x-api-key'] !== undefined) {
      await this.apiKeys.authenticate(context, request as unknown as SignedHttpRequest);
      return true;
    }
    const { sub, sid } = this.verifiedPayload(bearerToken(request.headers['authorization']));
    if (typeof sub !== 'string' || typeof sid !== 'string' || !isUuid(sub) || !isUuid(sid)) {
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Authentication required');
    }
    request.user = await this.queries.execute(new AuthenticateSessionQuery(sub, sid));
    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let isPublic = this.publicHandlers.get(handler);
    if (isPublic === undefined) {
      isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, context.getClass()]) === true;
      this.publicHandlers.set(handler, isPublic);
    }
    return isPublic;
  }

  private verifiedPayload(token: string | null): AccessTokenPayload {
    if (token === null) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'A valid bearer access token is required');
    try {
      const payload = this.tokens.verify(token);
      return typeof payload === 'object' && payload !== null ? payload : {};
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new AuthError(AuthErrorCode.TOKEN_EXPIRED, 'The access token has expired');
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'A valid bearer access token is required');
    }
  }
}

/** The token of an `Authorization: Bearer <token>` header, else null. */
function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = AUTH_HEADER.exec(header);
  return match && match[1]!.toLowerCase() === 'bearer' ? match[2]! : null;
}
