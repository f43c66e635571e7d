import { FixedClock } from '@lib/kernel';
import { AppConfig, IntegrationEvent, NewIntegrationEvent, OutboxWriter, TransactionHost, loadConfig } from '@lib/platform';
import { AccountStatus, AuthError, AuthErrorCode, Session, SessionRevocation, User } from '../../domain';
import {
  AccessTokenClaims,
  AccessTokenIssuer,
  IssuedAccessToken,
  LoginAttemptLimiter,
  NewRefreshToken,
  NoPrincipalInvalidationBus,
  OpaqueToken,
  PasswordAttempt,
  PasswordHasher,
  RefreshTokenFactory,
  RefreshTokenUse,
  SessionPrincipalRow,
  SessionRepository,
  UserListFilter,
  UserRepository,
} from '../ports';
import { PrincipalCache } from '../principal-cache';
import { SessionIssuer } from '../session-issuer';

// Fakes of the auth ports for handler specs. They mirror what the TypeORM
// repositories promise (see their SQL), so a handler spec tests the handler, not the fake.

/**
 * Keeps the User objects themselves, not copies: a spec can change one in place
 * (suspend it, say) and the handler sees the change, as after a commit.
 */
export class InMemoryUsers extends UserRepository {
  private readonly users = new Map<string, User>();
  readonly updated: string[] = [];

  add(user: User): User {
    this.users.set(user.id, user);
    return user;
  }

  async findById(id: string): Promise<User | null> {
    return this.users.get(id) ?? null;
  }

  async findByIdForUpdate(id: string): Promise<User | null> {
    return this.findById(id);
  }

  async statusesOf(ids: readonly string[]): Promise<Map<string, AccountStatus>> {
    return new Map(ids.flatMap((id) => (this.users.has(id) ? [[id, this.users.get(id)!.status] as const] : [])));
  }

  async findByEmail(email: string): Promise<User | null> {
    return [...this.users.values()].find((user) => user.email === email) ?? null;
  }

  async insert(user: User): Promise<void> {
    if (await this.findByEmail(user.email)) throw new AuthError(AuthErrorCode.EMAIL_TAKEN, 'An account with this email already exists');
    this.add(user);
  }

  async update(user: User): Promise<void> {
    this.updated.push(user.id);
    this.add(user);
  }

  /** Newest first with the id as tie-break, like the keyset pagination of the SQL query. */
  async list(filter: UserListFilter): Promise<User[]> {
    const search = filter.search?.toLowerCase();
    const after = filter.after;
    return [...this.users.values()]
      .filter((user) => !filter.status || user.status === filter.status)
      .filter((user) => !search || user.email.toLowerCase().includes(search) || user.name.toLowerCase().includes(search))
      .filter((user) => !after || compareNewestFirst(user, after) > 0)
      .sort(compareNewestFirst)
      .slice(0, filter.limit);
  }
}

function compareNewestFirst(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

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

/** `hashed:<password>` is today's format; `legacy:<password>` verifies but needs a rehash. */
export class FakeHasher extends PasswordHasher {
  readonly calls: ('hash' | 'verify' | 'dummy')[] = [];
  readonly dummyPasswords: string[] = [];

  async hash(password: string): Promise<string> {
    this.calls.push('hash');
    return `hashed:${password}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.calls.push('verify');
    return hash === `hashed:${password}` || hash === `legacy:${password}`;
  }

  needsRehash(hash: string): boolean {
    return hash.startsWith('legacy:');
  }

  async verifyAgainstDummy(password: string): Promise<false> {
    this.calls.push('dummy');
    this.dummyPasswords.push(password);
    return false;
  }
}

/** Never blocks unless a spec sets `retryAfter`; records what the handler did. The counting itself has its own spec. */
export class FakeLimiter extends LoginAttemptLimiter {
  retryAfter = 0;
  readonly reserved: PasswordAttempt[] = [];
  readonly successes: PasswordAttempt[] = [];
  readonly abandons: PasswordAttempt[] = [];

  async reserve(attempt: PasswordAttempt): Promise<number> {
    if (this.retryAfter === 0) this.reserved.push(attempt);
    return this.retryAfter;
  }

  async succeeded(attempt: PasswordAttempt): Promise<void> {
    this.successes.push(attempt);
  }

  async abandoned(attempt: PasswordAttempt): Promise<void> {
    this.abandons.push(attempt);
  }

  /** Reserved attempts neither given back nor succeeded: the failures counted. */
  get failures(): PasswordAttempt[] {
    const settled = new Set([...this.successes, ...this.abandons]);
    return this.reserved.filter((a) => !settled.has(a));
  }
}

/** Keeps what a handler appends to the outbox. */
export class RecordingOutbox {
  readonly events: NewIntegrationEvent[] = [];

  async append(events: readonly NewIntegrationEvent[]): Promise<IntegrationEvent[]> {
    this.events.push(...events);
    return [];
  }

  /** Handlers call only append(events); the cast spares the fake the rest of OutboxWriter. */
  get writer(): OutboxWriter {
    return this as unknown as OutboxWriter;
  }
}

/** Runs the callback directly and records whether it would have committed or rolled back. */
export class FakeTransactions {
  readonly outcomes: ('committed' | 'rolled back')[] = [];

  async withTransaction<R>(fn: () => Promise<R>): Promise<R> {
    try {
      const result = await fn();
      this.outcomes.push('committed');
      return result;
    } catch (error) {
      this.outcomes.push('rolled back');
      throw error;
    }
  }

  /** Handlers call only withTransaction(fn); the cast spares the fake the rest of TransactionHost. */
  get host(): TransactionHost {
    return this as unknown as TransactionHost;
  }
}

// ---- Builders -------------------------------------------------------------------------------------

/** With JWT_SECRET given, loadConfig never touches DATA_DIR, so it can name a folder that does not exist. */
export function testConfig(env: Readonly<Record<string, string>> = {}): AppConfig {
  return loadConfig({
    DATA_DIR: '/nonexistent/auth-spec-data',
    JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    ...env,
  });
}

/** Alice unless told otherwise; a spec names only what it is about. */
export function aUser(now: Date, overrides: Partial<Parameters<typeof User.register>[0]> = {}): User {
  return User.register({ id: 'user-alice', email: 'alice@example.com', name: 'Alice', passwordHash: 'h', now, ...overrides });
}

/** The SessionIssuer is real: the sessions and tokens a handler opens are part of what its spec checks. */
export function inMemoryAuth(config: AppConfig, now: Date) {
  const clock = new FixedClock(now);
  const users = new InMemoryUsers();
  const sessions = new InMemorySessions(users);
  const accessTokens = new FakeAccessTokens();
  const refreshTokens = new SequentialRefreshTokens();
  const issuer = new SessionIssuer(sessions, accessTokens, refreshTokens, clock, config);
  const principals = new PrincipalCache(config, clock, new NoPrincipalInvalidationBus());
  return { clock, users, sessions, accessTokens, refreshTokens, issuer, principals, hasher: new FakeHasher(), limiter: new FakeLimiter(), tx: new FakeTransactions(), outbox: new RecordingOutbox() };
}

export async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
}
