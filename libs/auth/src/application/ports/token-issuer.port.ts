import { Role } from '../../domain';

export interface AccessTokenClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: Role;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

export abstract class AccessTokenIssuer {
  abstract issue(claims: AccessTokenClaims): IssuedAccessToken;
}

export interface OpaqueToken {
  /** Given to the client once. */
  readonly token: string;
  /** The only form that is stored. */
  readonly hash: string;
}

/** Refresh tokens are random and opaque; only their hash is stored. */
export abstract class RefreshTokenFactory {
  abstract generate(): OpaqueToken;
  abstract hash(token: string): string;
}
