import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { AccountStatus, AuthError, AuthErrorCode, isSessionUsable } from '../../../domain';
import { SessionRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { Principal } from '../../views';
import { AuthenticateSessionQuery } from './authenticate-session.query';

@QueryHandler(AuthenticateSessionQuery)
export class AuthenticateSessionHandler implements IQueryHandler<AuthenticateSessionQuery> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly cache: PrincipalCache,
  ) {}

  async execute(query: AuthenticateSessionQuery): Promise<Principal> {
    const row = await this.cache.principal(query.userId, query.sessionId, () => this.sessions.findPrincipal(query.userId, query.sessionId));
    if (!row) throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Authentication required');
    if (row.status === AccountStatus.SUSPENDED) {
      throw new AuthError(AuthErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended');
    }
    if (!isSessionUsable({ revokedAt: row.sessionRevokedAt, expiresAt: row.sessionExpiresAt }, this.clock.now())) {
      throw new AuthError(AuthErrorCode.SESSION_REVOKED, 'The session has ended; log in again');
    }
    return { userId: row.userId, sessionId: query.sessionId, email: row.email, role: row.role };
  }
}
