import { Injectable } from '@nestjs/common';
import { Clock, newId } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { User } from '../domain';
import { AccessTokenIssuer, RefreshTokenFactory, SessionRepository } from './ports';
import { AuthTokens, ClientInfo } from './views';

/** Opens sessions and rotates their refresh tokens; runs inside the caller's transaction. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokenFactory,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async open(user: User, client: ClientInfo): Promise<AuthTokens> {
    const now = this.clock.now();
    const sessionId = newId();
    const expiresAt = this.refreshExpiry(now);
    const refresh = this.refreshTokens.generate();
    await this.sessions.create(
      { id: sessionId, userId: user.id, createdAt: now, expiresAt, revokedAt: null, revokedReason: null, userAgent: client.userAgent, ip: client.ip },
      { id: newId(), sessionId, hash: refresh.hash, createdAt: now, expiresAt },
    );
    return this.tokens(user, sessionId, refresh.token);
  }

  /** The session's lifetime is absolute: a rotated token expires with its session. */
  async rotate(user: User, sessionId: string, sessionExpiresAt: Date): Promise<AuthTokens> {
    const now = this.clock.now();
    const refresh = this.refreshTokens.generate();
    await this.sessions.addRefreshToken({ id: newId(), sessionId, hash: refresh.hash, createdAt: now, expiresAt: sessionExpiresAt });
    return this.tokens(user, sessionId, refresh.token);
  }

  private tokens(user: User, sessionId: string, refreshToken: string): AuthTokens {
    const access = this.accessTokens.issue({ userId: user.id, sessionId, role: user.role });
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresInSeconds,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.jwt.refreshTtlSeconds * 1000);
  }
}
