import { AccountStatus, Role, Session, SessionRevocation } from '../../domain';

export interface NewRefreshToken {
  readonly id: string;
  readonly sessionId: string;
  readonly hash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export type RefreshTokenUse =
  | { readonly kind: 'rotated'; readonly sessionId: string; readonly userId: string; readonly expiresAt: Date }
  | { readonly kind: 'reused'; readonly sessionId: string }
  | { readonly kind: 'unknown' };

export interface SessionPrincipalRow {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: AccountStatus;
  readonly sessionRevokedAt: Date | null;
  readonly sessionExpiresAt: Date;
}

export abstract class SessionRepository {
  abstract create(session: Session, firstToken: NewRefreshToken): Promise<void>;
  abstract addRefreshToken(token: NewRefreshToken): Promise<void>;
  /**
   * Marks an unused, unexpired token as used in one conditional statement, so
   * two concurrent refreshes with one token cannot both succeed.
   */
  abstract useRefreshToken(hash: string, now: Date): Promise<RefreshTokenUse>;
  abstract find(sessionId: string): Promise<Session | null>;
  abstract revoke(sessionId: string, reason: SessionRevocation, now: Date): Promise<void>;
  abstract revokeAllOfUser(userId: string, reason: SessionRevocation, now: Date, exceptSessionId?: string): Promise<number>;
  /** One round trip: the user and the session behind an access token. */
  abstract findPrincipal(userId: string, sessionId: string): Promise<SessionPrincipalRow | null>;
}
