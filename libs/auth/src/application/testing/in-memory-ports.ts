import { FixedClock } from '@lib/kernel';
import { AppConfig, loadConfig } from '@lib/platform';
import { AuthError, User } from '../../domain';
import { NoPrincipalInvalidationBus } from '../ports';
import { PrincipalCache } from '../principal-cache';
import { SessionIssuer } from '../session-issuer';
import { FakeHasher, FakeLimiter } from './fake-passwords';
import { FakeTransactions, RecordingOutbox } from './fake-platform';
import { FakeAccessTokens, SequentialRefreshTokens } from './fake-tokens';
import { InMemorySessions } from './in-memory-sessions';
import { InMemoryUsers } from './in-memory-users';
import { FakeTotp, InMemoryTwoFactor } from './in-memory-two-factor';
import { TwoFactorCodes } from '../two-factor-codes';

// Fakes of the auth ports for handler specs, and the builders that put them together. The fakes
// mirror what the TypeORM repositories promise (see their SQL), so a handler spec tests the
// handler, not the fake. Each fake has its own file; this one is what the specs import.
export * from './fake-passwords';
export * from './fake-platform';
export * from './fake-tokens';
export * from './in-memory-api-keys';
export * from './in-memory-sessions';
export * from './in-memory-users';
export * from './in-memory-two-factor';
export * from './in-memory-api-keys';

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
  const limiter = new FakeLimiter();
  const twoFactor = new InMemoryTwoFactor();
  const totp = new FakeTotp();
  const codes = new TwoFactorCodes(twoFactor, totp, limiter, clock);
  return { clock, users, sessions, accessTokens, refreshTokens, issuer, principals, hasher: new FakeHasher(), limiter, tx: new FakeTransactions(), outbox: new RecordingOutbox(), twoFactor, totp, codes };
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
