import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/platform';
import { sign } from 'jsonwebtoken';
import { AccessTokenClaims, AccessTokenIssuer, IssuedAccessToken } from '../../application/ports';
import { ACCESS_TOKEN_ALGORITHM, accessTokenKey } from './access-token-keys';

@Injectable()
export class JwtAccessTokenIssuer extends AccessTokenIssuer {
  constructor(private readonly config: AppConfig) {
    super();
  }

  issue(claims: AccessTokenClaims): IssuedAccessToken {
    const { issuer, audience, accessTtlSeconds } = this.config.jwt;
    const token = sign({ sid: claims.sessionId, role: claims.role }, accessTokenKey(this.config), {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      subject: claims.userId,
      issuer,
      audience,
      expiresIn: accessTtlSeconds,
    });
    return { token, expiresInSeconds: accessTtlSeconds };
  }
}
