import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PassportStrategy } from '@nestjs/passport';
import { AuthError, AuthErrorCode, AuthenticateSessionQuery, Principal, accessTokenVerification } from '@lib/auth';
import { isUuid } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';

interface AccessTokenPayload {
  readonly sub?: unknown;
  readonly sid?: unknown;
}

/**
 * Verifies the bearer token (pinned algorithm, issuer, audience, expiry), then
 * asks the auth context whether its session is live and its account active.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly queries: QueryBus,
  ) {
    const verification = accessTokenVerification(config);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's types say string | Buffer; jsonwebtoken takes a KeyObject, which is ~40x faster.
      secretOrKey: verification.key as unknown as Buffer,
      algorithms: verification.algorithms,
      issuer: verification.issuer,
      audience: verification.audience,
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<Principal> {
    const { sub, sid } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || !isUuid(sub) || !isUuid(sid)) {
      throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Authentication required');
    }
    return this.queries.execute(new AuthenticateSessionQuery(sub, sid));
  }
}
