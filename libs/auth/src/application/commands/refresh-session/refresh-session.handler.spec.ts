import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@lib/kernel';
import { AppConfig, TransactionHost, loadConfig } from '@lib/platform';
import { AccountStatus, AuthError, AuthErrorCode, Session, SessionRevocation, User } from '../../../domain';
import {
  AccessTokenClaims,
  AccessTokenIssuer,
  IssuedAccessToken,
  NewRefreshToken,
  OpaqueToken,
  RefreshTokenFactory,
  RefreshTokenUse,
  SessionPrincipalRow,
  SessionRepository,
  UserRepository,
} from '../../ports';
import { SessionIssuer } from '../../session-issuer';
import { AuthTokens, ClientInfo } from '../../views';
import { RefreshSessionCommand } from './refresh-session.command';
import { RefreshSessionHandler } from './refresh-session.handler';

const START = new Date('2030-01-01T00:00:00.000Z');
const REFRESH_TTL_SECONDS = 3600;
const CLIENT: ClientInfo = { ip: '203.0.113.7', userAgent: 'spec-agent/1.0' };

// ---- In-memory fakes of the ports --------------------------------------------------------------

class InMemoryUsers extends UserRepository {
  private readonly users = new Map<string, User>();

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

  async findByEmail(email: string): Promise<User | null> {
    return [...this.users.values()].find((user) => user.email === email) ?? null;
  }

  async insert(user: User): Promise<void> {
    this.add(user);
  }

  async update(user: User): Promise<void> {
    this.add(user);
  }

  async list(): Promise<User[]> {
    return [...this.users.values()];
  }
}

interface StoredRefreshToken extends NewRefreshToken {
  usedAt: Date | null;
}

/** Mirrors the SQL repository: a token is used at most once, and only before it expires. */
class InMemorySessions extends SessionRepository {
  readonly sessions = new Map<string, Session>();
  readonly tokens = new Map<string, StoredRefreshToken>();

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

  async revokeAllOfUser(userId: string, reason: SessionRevocation, now: Date): Promise<number> {
    const live = [...this.sessions.values()].filter((s) => s.userId === userId && s.revokedAt === null);
    for (const session of live) await this.revoke(session.id, reason, now);
    return live.length;
  }

  async findPrincipal(): Promise<SessionPrincipalRow | null> {
    throw new Error('not used by RefreshSessionHandler');
  }

  sessionOfToken(refreshToken: string): Session | undefined {
    const token = this.tokens.get(hashOf(refreshToken));
    return token && this.sessions.get(token.sessionId);
  }
}

function hashOf(token: string): string {
  return `hash(${token})`;
}

class SequentialRefreshTokens extends RefreshTokenFactory {
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

class FakeAccessTokens extends AccessTokenIssuer {
  private issued = 0;

  issue(claims: AccessTokenClaims): IssuedAccessToken {
    this.issued += 1;
    return { token: `access.${claims.userId}.${claims.sessionId}.${this.issued}`, expiresInSeconds: 900 };
  }
}

/** Runs the callback directly and records whether it would have committed or rolled back. */
class FakeTransactions {
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
}

// ---- Fixture -------------------------------------------------------------------------------------

let dataDir: string;
let config: AppConfig;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'refresh-session-spec-'));
  config = loadConfig({
    DATA_DIR: dataDir,
    JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    JWT_REFRESH_TTL_SECONDS: String(REFRESH_TTL_SECONDS),
  });
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function setup() {
  const clock = new FixedClock(START);
  const users = new InMemoryUsers();
  const sessions = new InMemorySessions();
  const refreshTokens = new SequentialRefreshTokens();
  const tx = new FakeTransactions();
  const issuer = new SessionIssuer(sessions, new FakeAccessTokens(), refreshTokens, clock, config);
  const handler = new RefreshSessionHandler(sessions, users, refreshTokens, issuer, tx as unknown as TransactionHost, clock);
  const alice = users.add(
    User.register({ id: 'user-alice', email: 'alice@example.com', name: 'Alice', passwordHash: 'h', now: START }),
  );
  const refresh = (refreshToken: string): Promise<AuthTokens> => handler.execute(new RefreshSessionCommand(refreshToken));
  return { clock, users, sessions, tx, issuer, alice, refresh };
}

async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
}

// ---- Specs ---------------------------------------------------------------------------------------

describe('RefreshSessionHandler', () => {
  it('rotates a fresh token: new tokens for the same session, the old token marked used', async () => {
    const { clock, sessions, tx, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    const session = sessions.sessionOfToken(first.refreshToken);
    clock.advanceBy(60_000);

    const next = await refresh(first.refreshToken);

    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.user).toEqual({ id: alice.id, email: 'alice@example.com', name: 'Alice', role: alice.role });
    expect(sessions.tokens.get(hashOf(first.refreshToken))?.usedAt).toEqual(clock.now());
    const rotated = sessions.tokens.get(hashOf(next.refreshToken));
    expect(rotated).toMatchObject({ sessionId: session?.id, usedAt: null, createdAt: clock.now() });
    // The session's lifetime is absolute: rotation does not extend it.
    expect(rotated?.expiresAt).toEqual(new Date(START.getTime() + REFRESH_TTL_SECONDS * 1000));
    expect(tx.outcomes).toEqual(['committed']);
  });

  it('lets the rotated token be refreshed in turn', async () => {
    const { issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);

    const second = await refresh(first.refreshToken);
    const third = await refresh(second.refreshToken);

    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
  });

  it('on reuse of a rotated token revokes the session, commits the revocation and throws REFRESH_TOKEN_REUSED', async () => {
    const { clock, sessions, tx, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    const sessionId = sessions.sessionOfToken(first.refreshToken)?.id ?? '';
    const next = await refresh(first.refreshToken);
    clock.advanceBy(5_000);

    const error = await authErrorOf(refresh(first.refreshToken));

    expect(error.code).toBe(AuthErrorCode.REFRESH_TOKEN_REUSED);
    expect(sessions.sessions.get(sessionId)).toMatchObject({
      revokedAt: clock.now(),
      revokedReason: SessionRevocation.REFRESH_TOKEN_REUSED,
    });
    // The transaction that revoked the session committed even though the caller got an error.
    expect(tx.outcomes).toEqual(['committed', 'committed']);

    // The whole family is dead, the newest token included.
    expect((await authErrorOf(refresh(next.refreshToken))).code).toBe(AuthErrorCode.SESSION_REVOKED);
  });

  it('rejects an unknown token with INVALID_REFRESH_TOKEN and revokes nothing', async () => {
    const { sessions, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);

    const error = await authErrorOf(refresh('refresh-that-was-never-issued'));

    expect(error.code).toBe(AuthErrorCode.INVALID_REFRESH_TOKEN);
    expect(sessions.sessionOfToken(first.refreshToken)?.revokedAt).toBeNull();
    // The real token still works.
    await expect(refresh(first.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('rejects a token past the end of its session with INVALID_REFRESH_TOKEN', async () => {
    const { clock, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    clock.advanceBy(REFRESH_TTL_SECONDS * 1000);

    expect((await authErrorOf(refresh(first.refreshToken))).code).toBe(AuthErrorCode.INVALID_REFRESH_TOKEN);
  });

  it('rejects a token of a logged-out session with SESSION_REVOKED', async () => {
    const { clock, sessions, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    await sessions.revoke(sessions.sessionOfToken(first.refreshToken)?.id ?? '', SessionRevocation.LOGOUT, clock.now());

    expect((await authErrorOf(refresh(first.refreshToken))).code).toBe(AuthErrorCode.SESSION_REVOKED);
  });

  it('refuses a suspended user with ACCOUNT_SUSPENDED and issues no new token', async () => {
    const { clock, sessions, issuer, alice, refresh } = setup();
    const first = await issuer.open(alice, CLIENT);
    alice.setStatus(AccountStatus.SUSPENDED, 'fraud review', clock.now());

    const error = await authErrorOf(refresh(first.refreshToken));

    expect(error.code).toBe(AuthErrorCode.ACCOUNT_SUSPENDED);
    expect(sessions.tokens.size).toBe(1);
  });
});
