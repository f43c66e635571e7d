import { Session, SessionRevocation } from '../../domain';
import { NewRefreshToken, RefreshTokenUse, SessionPrincipalRow, SessionRepository, UserRepository } from '../ports';
import { hashOf } from './fake-tokens';

export interface StoredRefreshToken extends NewRefreshToken {
  usedAt: Date | null;
}

/** A token is used at most once, and only before it expires: the one conditional UPDATE of the SQL repository. */
export class InMemorySessions extends SessionRepository {
  readonly sessions = new Map<string, Session>();
  readonly tokens = new Map<string, StoredRefreshToken>();

  // findPrincipal joins sessions with users, as the SQL does.
  constructor(private readonly users: UserRepository) {
    super();
  }

  async create(session: Session, firstToken: NewRefreshToken): Promise<void> {
    this.sessions.set(session.id, session);
    await this.addRefreshToken(firstToken);
  }

  async addRefreshToken(token: NewRefreshToken): Promise<void> {
    this.tokens.set(token.hash, { ...token, usedAt: null });
  }

  async useRefreshToken(hash: string, now: Date): Promise<RefreshTokenUse> {
    const token = this.tokens.get(hash);
    const session = token && this.sessions.get(token.sessionId);
    if (token && session && token.usedAt === null && token.expiresAt > now) {
      token.usedAt = now;
      return { kind: 'rotated', sessionId: token.sessionId, userId: session.userId, expiresAt: token.expiresAt };
    }
    if (token?.usedAt) return { kind: 'reused', sessionId: token.sessionId };
    return { kind: 'unknown' };
  }

  async find(sessionId: string): Promise<Session | null> {
    return this.sessions.get(sessionId) ?? null;
  }

  async revoke(sessionId: string, reason: SessionRevocation, now: Date): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session && session.revokedAt === null) this.sessions.set(sessionId, { ...session, revokedAt: now, revokedReason: reason });
  }

  async revokeAllOfUser(userId: string, reason: SessionRevocation, now: Date, exceptSessionId?: string): Promise<number> {
    const live = [...this.sessions.values()].filter((s) => s.userId === userId && s.revokedAt === null && s.id !== exceptSessionId);
    for (const session of live) await this.revoke(session.id, reason, now);
    return live.length;
  }

  async findPrincipal(userId: string, sessionId: string): Promise<SessionPrincipalRow | null> {
    const session = this.sessions.get(sessionId);
    const user = session?.userId === userId ? await this.users.findById(userId) : null;
    if (!session || !user) return null;
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      status: user.status,
      sessionRevokedAt: session.revokedAt,
      sessionExpiresAt: session.expiresAt,
    };
  }

  sessionOfToken(refreshToken: string): Session | undefined {
    const token = this.tokens.get(hashOf(refreshToken));
    return token && this.sessions.get(token.sessionId);
  }
}
