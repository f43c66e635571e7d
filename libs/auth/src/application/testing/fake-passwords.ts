import { LoginAttemptLimiter, PasswordAttempt, PasswordHasher } from '../ports';

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
