import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { AuthError, AuthErrorCode, SessionRevocation, isSessionUsable } from '../../../domain';
import { RefreshTokenFactory, SessionRepository, UserRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { SessionIssuer } from '../../session-issuer';
import { AuthTokens } from '../../views';
import { RefreshSessionCommand } from './refresh-session.command';

type Outcome =
  | { readonly kind: 'rotated'; readonly tokens: AuthTokens }
  | { readonly kind: 'rejected'; readonly error: AuthError; readonly revokedSessionId?: string };

@CommandHandler(RefreshSessionCommand)
export class RefreshSessionHandler implements ICommandHandler<RefreshSessionCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenFactory,
    private readonly issuer: SessionIssuer,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
  ) {}

  async execute(command: RefreshSessionCommand): Promise<AuthTokens> {
    // A rejection is returned, not thrown, inside the transaction: revoking a
    // family on reuse must commit even though the caller gets an error.
    const outcome = await this.tx.withTransaction(() => this.rotate(command.refreshToken));
    // Rotation keeps the session (its access tokens stay valid); only a reuse revokes it.
    if (outcome.kind === 'rejected' && outcome.revokedSessionId) this.principals.invalidateSession(outcome.revokedSessionId);
    if (outcome.kind === 'rejected') throw outcome.error;
    return outcome.tokens;
  }

  private async rotate(refreshToken: string): Promise<Outcome> {
    const now = this.clock.now();
    const use = await this.sessions.useRefreshToken(this.refreshTokens.hash(refreshToken), now);
    if (use.kind === 'unknown') return rejected(AuthErrorCode.INVALID_REFRESH_TOKEN, 'Refresh token is invalid or expired');
    if (use.kind === 'reused') {
      await this.sessions.revoke(use.sessionId, SessionRevocation.REFRESH_TOKEN_REUSED, now);
      return rejected(AuthErrorCode.REFRESH_TOKEN_REUSED, 'Refresh token was already used; the session is revoked', use.sessionId);
    }
    const [session, user] = await Promise.all([this.sessions.find(use.sessionId), this.users.findById(use.userId)]);
    if (!session || !user || !isSessionUsable(session, now)) {
      return rejected(AuthErrorCode.SESSION_REVOKED, 'The session has ended; log in again');
    }
    if (user.isSuspended) return rejected(AuthErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended');
    return { kind: 'rotated', tokens: await this.issuer.rotate(user, session.id, use.expiresAt) };
  }
}

function rejected(code: AuthErrorCode, message: string, revokedSessionId?: string): Outcome {
  return { kind: 'rejected', error: new AuthError(code, message), revokedSessionId };
}

