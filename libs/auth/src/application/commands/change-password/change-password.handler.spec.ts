import { AuthErrorCode } from '../../../domain';
import { PasswordAttempt } from '../../ports';
import { InMemoryApiKeys, aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { ChangePasswordCommand } from './change-password.command';
import { ChangePasswordHandler } from './change-password.handler';

const START = new Date('2030-01-01T00:00:00.000Z');
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'an entirely new passphrase';
const config = testConfig();

function setup() {
  const fakes = inMemoryAuth(config, START);
  const { clock, users, sessions, hasher, limiter, tx, principals } = fakes;
  const keys = new InMemoryApiKeys();
  const handler = new ChangePasswordHandler(users, sessions, hasher, tx.host, clock, principals, limiter, keys);
  const alice = users.add(aUser(START, { passwordHash: `hashed:${PASSWORD}` }));
  const attempt: PasswordAttempt = { kind: 'password-change', userId: alice.id };
  const change = (current: string, revokeApiKeys = false): Promise<void> =>
    handler.execute(new ChangePasswordCommand(alice.id, 'session-1', current, NEW_PASSWORD, revokeApiKeys));
  return { ...fakes, alice, attempt, change, keys };
}

describe('ChangePasswordHandler: guesses of the current password', () => {
  it('keeps the reservation of a wrong current password: it counts as a failure', async () => {
    const { limiter, attempt, change } = setup();

    expect((await authErrorOf(change('not my password'))).code).toBe(AuthErrorCode.INVALID_CURRENT_PASSWORD);

    expect(limiter.failures).toEqual([attempt]);
    expect(limiter.successes).toEqual([]);
  });

  it('a right current password changes it and settles the attempt as a success', async () => {
    const { limiter, alice, attempt, change } = setup();

    await change(PASSWORD);

    expect(alice.passwordHash).toBe(`hashed:${NEW_PASSWORD}`);
    expect(limiter.successes).toEqual([attempt]);
    expect(limiter.failures).toEqual([]);
  });

  it('refuses with TOO_MANY_PASSWORD_ATTEMPTS before verifying once the user is at the limit', async () => {
    const { hasher, limiter, alice, change } = setup();
    limiter.retryAfter = 42;

    const error = await authErrorOf(change(PASSWORD));

    expect(error.code).toBe(AuthErrorCode.TOO_MANY_PASSWORD_ATTEMPTS);
    expect(error.details).toEqual({ retryAfterSeconds: 42 });
    expect(hasher.calls).toEqual([]);
    expect(alice.passwordHash).toBe(`hashed:${PASSWORD}`);
  });
});

describe('ChangePasswordHandler: API keys', () => {
  const key = (id: string, userId: string) => ({ id, userId, label: id, scheme: 'HMAC' as const, permissions: [], ipAllowlist: [], expiresAt: null, createdAt: START });

  it('keeps the API keys by default: they are separate credentials', async () => {
    const { alice, change, keys } = setup();
    keys.add(key('ak_1', alice.id));

    await change(PASSWORD);

    expect((await keys.ofUser(alice.id, false)).map((k) => k.id)).toEqual(['ak_1']);
  });

  it('revokes every key of the user (and only theirs) with revokeApiKeys', async () => {
    const { alice, change, keys } = setup();
    keys.add(key('ak_1', alice.id));
    keys.add(key('ak_2', alice.id));
    keys.add(key('ak_bob', 'user-bob'));

    await change(PASSWORD, true);

    expect(await keys.ofUser(alice.id, false)).toEqual([]);
    expect((await keys.ofUser('user-bob', false)).map((k) => k.id)).toEqual(['ak_bob']);
  });

  it('revokes nothing when the current password is wrong', async () => {
    const { alice, change, keys } = setup();
    keys.add(key('ak_1', alice.id));

    await authErrorOf(change('not my password', true));

    expect((await keys.ofUser(alice.id, false)).map((k) => k.id)).toEqual(['ak_1']);
  });
});
