import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@lib/kernel';
import { AppConfig, TransactionHost, loadConfig } from '@lib/platform';
import { AccountStatus, AuthError, AuthErrorCode, Session, User } from '../../../domain';
import {
  AccessTokenClaims,
  AccessTokenIssuer,
  IssuedAccessToken,
  LoginAttemptKeys,
  LoginAttemptLimiter,
  NewRefreshToken,
  OpaqueToken,
  PasswordHasher,
  RefreshTokenFactory,
  RefreshTokenUse,
  SessionPrincipalRow,
  SessionRepository,
  UserRepository,
} from '../../ports';
import { SessionIssuer } from '../../session-issuer';
import { AuthTokens, ClientInfo } from '../../views';
import { LogInCommand } from './log-in.command';
import { LogInHandler } from './log-in.handler';

const START = new Date('2030-01-01T00:00:00.000Z');
const CLIENT: ClientInfo = { ip: '203.0.113.7', userAgent: 'spec-agent/1.0' };
const PASSWORD = 'correct horse battery staple';
const ALICE_KEYS: LoginAttemptKeys = { account: 'alice@example.com', ip: CLIENT.ip };

// ---- In-memory fakes of the ports --------------------------------------------------------------

class InMemoryUsers extends UserRepository {
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

  async findByEmail(email: string): Promise<User | null> {
    return [...this.users.values()].find((user) => user.email === email) ?? null;
  }

  async insert(user: User): Promise<void> {
    this.add(user);
  }

  async update(user: User): Promise<void> {
    this.updated.push(user.id);
    this.add(user);
  }

  async list(): Promise<User[]> {
    return [...this.users.values()];
  }
}

/** `hashed:<password>` is today's format; `legacy:<password>` verifies but needs a rehash. */
class FakeHasher extends PasswordHasher {
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

class FakeLimiter extends LoginAttemptLimiter {
  retryAfter = 0;
  readonly failures: LoginAttemptKeys[] = [];
  readonly successes: LoginAttemptKeys[] = [];

  async retryAfterSeconds(): Promise<number> {
    return this.retryAfter;
  }

  async recordFailure(keys: LoginAttemptKeys): Promise<void> {
    this.failures.push(keys);
  }

  async recordSuccess(keys: LoginAttemptKeys): Promise<void> {
    this.successes.push(keys);
  }
}

class InMemorySessions extends SessionRepository {
  readonly sessions = new Map<string, Session>();
  readonly tokens = new Map<string, NewRefreshToken>();

  async create(session: Session, firstToken: NewRefreshToken): Promise<void> {
    this.sessions.set(session.id, session);
    await this.addRefreshToken(firstToken);
  }

  async addRefreshToken(token: NewRefreshToken): Promise<void> {
    this.tokens.set(token.hash, token);
  }

  async useRefreshToken(): Promise<RefreshTokenUse> {
    throw new Error('not used by LogInHandler');
  }

  async find(): Promise<Session | null> {
    throw new Error('not used by LogInHandler');
  }

  async revoke(): Promise<void> {
    throw new Error('not used by LogInHandler');
  }

  async revokeAllOfUser(): Promise<number> {
    throw new Error('not used by LogInHandler');
  }

  async findPrincipal(): Promise<SessionPrincipalRow | null> {
    throw new Error('not used by LogInHandler');
  }
}

class SequentialRefreshTokens extends RefreshTokenFactory {
  private issued = 0;

  generate(): OpaqueToken {
    this.issued += 1;
    const token = `refresh-${this.issued}`;
    return { token, hash: this.hash(token) };
  }

  hash(token: string): string {
    return `hash(${token})`;
  }
}

class FakeAccessTokens extends AccessTokenIssuer {
  readonly issued: AccessTokenClaims[] = [];

  issue(claims: AccessTokenClaims): IssuedAccessToken {
    this.issued.push(claims);
    return { token: `access.${claims.userId}.${claims.sessionId}`, expiresInSeconds: 900 };
  }
}

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
  dataDir = mkdtempSync(join(tmpdir(), 'log-in-spec-'));
  config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789' });
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function setup(passwordHash = `hashed:${PASSWORD}`) {
  const clock = new FixedClock(START);
  const users = new InMemoryUsers();
  const hasher = new FakeHasher();
  const limiter = new FakeLimiter();
  const sessions = new InMemorySessions();
  const accessTokens = new FakeAccessTokens();
  const tx = new FakeTransactions();
  const issuer = new SessionIssuer(sessions, accessTokens, new SequentialRefreshTokens(), clock, config);
  const handler = new LogInHandler(users, hasher, limiter, issuer, tx as unknown as TransactionHost, clock);
  const alice = users.add(
    User.register({ id: 'user-alice', email: 'alice@example.com', name: 'Alice', passwordHash, now: START }),
  );
  const logIn = (email: string, password: string): Promise<AuthTokens> =>
    handler.execute(new LogInCommand(email, password, CLIENT));
  return { clock, users, hasher, limiter, sessions, accessTokens, tx, alice, logIn };
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

describe('LogInHandler', () => {
  it('logs in with the right password: records a success and opens a session', async () => {
    const { limiter, sessions, accessTokens, tx, alice, logIn } = setup();

    const tokens = await logIn('alice@example.com', PASSWORD);

    expect(limiter.successes).toEqual([ALICE_KEYS]);
    expect(limiter.failures).toEqual([]);
    const [session, ...others] = [...sessions.sessions.values()];
    expect(others).toEqual([]);
    expect(session).toMatchObject({ userId: alice.id, ip: CLIENT.ip, userAgent: CLIENT.userAgent, revokedAt: null, createdAt: START });
    expect(sessions.tokens.get(`hash(${tokens.refreshToken})`)?.sessionId).toBe(session?.id);
    expect(accessTokens.issued).toEqual([{ userId: alice.id, sessionId: session?.id, role: alice.role }]);
    expect(tokens).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: alice.id, email: 'alice@example.com', name: 'Alice', role: alice.role },
    });
    expect(tx.outcomes).toEqual(['committed']);
  });

  it('matches the email whatever its case and surrounding spaces', async () => {
    const { limiter, logIn } = setup();

    await expect(logIn('  Alice@Example.COM ', PASSWORD)).resolves.toMatchObject({ user: { email: 'alice@example.com' } });
    expect(limiter.successes).toEqual([ALICE_KEYS]);
  });

  it('gives one answer for an unknown email and a wrong password, and records both failures', async () => {
    const { limiter, sessions, logIn } = setup();

    const unknown = await authErrorOf(logIn('nobody@example.com', PASSWORD));
    const wrong = await authErrorOf(logIn('alice@example.com', 'not the right password'));

    expect(unknown.code).toBe(AuthErrorCode.INVALID_CREDENTIALS);
    expect(wrong.code).toBe(AuthErrorCode.INVALID_CREDENTIALS);
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
    expect(limiter.failures).toEqual([{ account: 'nobody@example.com', ip: CLIENT.ip }, ALICE_KEYS]);
    expect(limiter.successes).toEqual([]);
    expect(sessions.sessions.size).toBe(0);
  });

  it('spends a dummy verification on an unknown email', async () => {
    const { hasher, logIn } = setup();

    await authErrorOf(logIn('nobody@example.com', 'some password'));

    expect(hasher.calls).toEqual(['dummy']);
    expect(hasher.dummyPasswords).toEqual(['some password']);
  });

  it('verifies against the real hash, not the dummy, for a known email', async () => {
    const { hasher, logIn } = setup();

    await authErrorOf(logIn('alice@example.com', 'not the right password'));

    expect(hasher.calls).toEqual(['verify']);
  });

  it('refuses a blocked caller with TOO_MANY_LOGIN_ATTEMPTS before touching the password', async () => {
    const { hasher, limiter, sessions, logIn } = setup();
    limiter.retryAfter = 42;

    const error = await authErrorOf(logIn('alice@example.com', PASSWORD));

    expect(error.code).toBe(AuthErrorCode.TOO_MANY_LOGIN_ATTEMPTS);
    expect(error.details).toEqual({ retryAfterSeconds: 42 });
    expect(hasher.calls).toEqual([]);
    expect(limiter.failures).toEqual([]);
    expect(limiter.successes).toEqual([]);
    expect(sessions.sessions.size).toBe(0);
  });

  it('tells a suspended user who knows the password that the account is suspended, without a session', async () => {
    const { clock, limiter, sessions, alice, logIn } = setup();
    alice.setStatus(AccountStatus.SUSPENDED, 'fraud review', clock.now());

    const error = await authErrorOf(logIn('alice@example.com', PASSWORD));

    expect(error.code).toBe(AuthErrorCode.ACCOUNT_SUSPENDED);
    expect(sessions.sessions.size).toBe(0);
    expect(limiter.successes).toEqual([]);
  });

  it('does not reveal a suspension to a caller with the wrong password', async () => {
    const { clock, limiter, alice, logIn } = setup();
    alice.setStatus(AccountStatus.SUSPENDED, 'fraud review', clock.now());

    const error = await authErrorOf(logIn('alice@example.com', 'not the right password'));

    expect(error.code).toBe(AuthErrorCode.INVALID_CREDENTIALS);
    expect(limiter.failures).toEqual([ALICE_KEYS]);
  });

  it('upgrades an outdated hash on a successful login', async () => {
    const { clock, users, alice, logIn } = setup(`legacy:${PASSWORD}`);
    clock.advanceBy(1_000);

    await logIn('alice@example.com', PASSWORD);

    expect(alice.passwordHash).toBe(`hashed:${PASSWORD}`);
    expect(alice.updatedAt).toEqual(clock.now());
    expect(users.updated).toEqual([alice.id]);
  });

  it('leaves a current hash alone', async () => {
    const { hasher, users, logIn } = setup();

    await logIn('alice@example.com', PASSWORD);

    expect(hasher.calls).toEqual(['verify']);
    expect(users.updated).toEqual([]);
  });
});
