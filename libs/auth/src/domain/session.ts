/**
 * A login: one refresh-token family. Rotating the refresh token keeps the
 * session; presenting a token that was already rotated revokes the session,
 * which kills every token of the family, the newest included.
 */
export enum SessionRevocation {
  LOGOUT = 'LOGOUT',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  /** ADMIN_EMAIL made this existing account the admin (ADMIN_ALLOW_PROMOTION), or reset its password. */
  ADMIN_BOOTSTRAP = 'ADMIN_BOOTSTRAP',
}

export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedReason: SessionRevocation | null;
  readonly userAgent: string | null;
  readonly ip: string | null;
}

export function isSessionUsable(session: Pick<Session, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > now.getTime();
}
