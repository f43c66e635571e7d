import { AccessTokenClaims, AccessTokenIssuer, IssuedAccessToken, OpaqueToken, RefreshTokenFactory } from '../ports';

/** Readable in assertions: the stored hash of `refresh-1` is `hash(refresh-1)`. */
export function hashOf(token: string): string {
  return `hash(${token})`;
}

export class SequentialRefreshTokens extends RefreshTokenFactory {
  private issued = 0;

  generate(): OpaqueToken {
    this.issued += 1;
    const token = `refresh-${this.issued}`;
    return { token, hash: this.hash(token) };
  }

  hash(token: string): string {
    return hashOf(token);
  }
}

/** The count in the token makes each one distinct, even two for the same session. */
export class FakeAccessTokens extends AccessTokenIssuer {
  readonly issued: AccessTokenClaims[] = [];

  issue(claims: AccessTokenClaims): IssuedAccessToken {
    this.issued.push(claims);
    return { token: `access.${claims.userId}.${claims.sessionId}.${this.issued.length}`, expiresInSeconds: 900 };
  }
}
