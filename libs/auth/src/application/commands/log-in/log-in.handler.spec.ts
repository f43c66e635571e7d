import { EventBus } from '@nestjs/cqrs';
import { AccountStatus, AuthErrorCode } from '../../../domain';
import { LoginFailed } from '../../auth-activity.events';
import { PasswordAttempt } from '../../ports';
import { aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { AuthTokens, ClientInfo } from '../../views';
import { LogInCommand } from './log-in.command';
import { LogInHandler } from './log-in.handler';

const START = new Date('2030-01-01T00:00:00.000Z');
const CLIENT: ClientInfo = { ip: '203.0.113.7', userAgent: 'spec-agent/1.0' };
const PASSWORD = 'correct horse battery staple';
const ALICE_KEYS: PasswordAttempt = { kind: 'login', account: 'alice@example.com', ip: CLIENT.ip };
const config = testConfig();

function setup(passwordHash = `hashed:${PASSWORD}`) {
  const fakes = inMemoryAuth(config, START);
  const { clock, users, hasher, limiter, issuer, tx, twoFactor } = fakes;
  const published: unknown[] = [];
  const handler = new LogInHandler(users, hasher, limiter, issuer, tx.host, clock, { publish: (e: unknown) => published.push(e) } as unknown as EventBus, twoFactor);
  const alice = users.add(aUser(START, { passwordHash }));
  const logIn = (email: string, password: string): Promise<AuthTokens> =>
    handler.execute(new LogInCommand(email, password, CLIENT)) as Promise<AuthTokens>;
  return { ...fakes, alice, logIn, published };
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
    const { limiter, sessions, logIn, published } = setup();

    const unknown = await authErrorOf(logIn('nobody@example.com', PASSWORD));
    const wrong = await authErrorOf(logIn('alice@example.com', 'not the right password'));

    expect(unknown.code).toBe(AuthErrorCode.INVALID_CREDENTIALS);
    expect(wrong.code).toBe(AuthErrorCode.INVALID_CREDENTIALS);
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
    expect(limiter.failures).toEqual([{ kind: 'login', account: 'nobody@example.com', ip: CLIENT.ip }, ALICE_KEYS]);
    expect(limiter.successes).toEqual([]);
    expect(sessions.sessions.size).toBe(0);
    // Each failure is told to the monitoring (the /admin namespace's failed-login bursts).
    expect(published).toEqual([new LoginFailed('nobody@example.com', CLIENT.ip, START), new LoginFailed('alice@example.com', CLIENT.ip, START)]);
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
    // The password was right: that was no guess, so no failure is counted.
    expect(limiter.successes).toEqual([ALICE_KEYS]);
    expect(limiter.failures).toEqual([]);
  });

  it('reserves the attempt before verifying, and gives it back when the lookup fails', async () => {
    const { hasher, limiter, users, logIn } = setup();
    const down = new Error('connection terminated');
    jest.spyOn(users, 'findByEmail').mockRejectedValueOnce(down);

    await expect(logIn('alice@example.com', PASSWORD)).rejects.toBe(down);

    expect(limiter.reserved).toEqual([ALICE_KEYS]);
    expect(limiter.abandons).toEqual([ALICE_KEYS]);
    expect(limiter.failures).toEqual([]);
    expect(hasher.calls).toEqual([]);
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
