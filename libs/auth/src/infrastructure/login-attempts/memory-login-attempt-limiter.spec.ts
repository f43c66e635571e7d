import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@lib/kernel';
import { AppConfig, loadConfig } from '@lib/platform';
import { LoginAttemptKeys } from '../../application/ports';
import { MemoryLoginAttemptLimiter } from './memory-login-attempt-limiter';

const START = new Date('2030-01-01T00:00:00.000Z');
const ALICE: LoginAttemptKeys = { account: 'alice@example.com', ip: '203.0.113.7' };

let dataDir: string;
let config: AppConfig;
let clock: FixedClock;
let limiter: MemoryLoginAttemptLimiter;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'login-limiter-spec-'));
  config = loadConfig({ DATA_DIR: dataDir, LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP: '5', LOGIN_LOCKOUT_SECONDS: '60' });
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  clock = new FixedClock(START);
  limiter = new MemoryLoginAttemptLimiter(config, clock);
});

async function fail(keys: LoginAttemptKeys, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await limiter.recordFailure(keys);
}

describe('MemoryLoginAttemptLimiter', () => {
  it('allows logins until the account reaches its failure limit', async () => {
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(0);

    await fail(ALICE, 2);
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(0);

    await fail(ALICE, 1);
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(60);
  });

  it('counts down the wait as time passes and lifts the block when the window ends', async () => {
    await fail(ALICE, 3);

    clock.advanceBy(20_000);
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(40);

    clock.advanceBy(39_500);
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(1);

    clock.advanceBy(500);
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(0);
  });

  it('keeps a fixed window: failures after the first do not extend it', async () => {
    await fail(ALICE, 1);
    clock.advanceBy(30_000);
    await fail(ALICE, 2);

    expect(await limiter.retryAfterSeconds(ALICE)).toBe(30);
  });

  it('starts a fresh count once the window has ended', async () => {
    await fail(ALICE, 2);
    clock.advanceBy(60_000);

    await fail(ALICE, 2);

    expect(await limiter.retryAfterSeconds(ALICE)).toBe(0);
  });

  it('a success clears the account counter', async () => {
    await fail(ALICE, 2);
    await limiter.recordSuccess(ALICE);

    await fail(ALICE, 2);

    expect(await limiter.retryAfterSeconds(ALICE)).toBe(0);
  });

  it('a success does not clear the IP counter', async () => {
    // 4 failures for other accounts from Alice's IP, then a success for Alice.
    for (const account of ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']) await fail({ account, ip: ALICE.ip }, 1);
    await limiter.recordSuccess(ALICE);

    await fail({ account: 'e@x.io', ip: ALICE.ip }, 1);

    expect(await limiter.retryAfterSeconds(ALICE)).toBe(60);
  });

  it('the IP limit blocks an account that never failed, from the same IP only', async () => {
    for (const account of ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io']) await fail({ account, ip: ALICE.ip }, 1);

    expect(await limiter.retryAfterSeconds({ account: 'new@x.io', ip: ALICE.ip })).toBe(60);
    expect(await limiter.retryAfterSeconds({ account: 'new@x.io', ip: '198.51.100.1' })).toBe(0);
  });

  it('blocks an account from every IP once it reaches its limit', async () => {
    await fail({ account: ALICE.account, ip: '198.51.100.1' }, 1);
    await fail({ account: ALICE.account, ip: '198.51.100.2' }, 1);
    await fail({ account: ALICE.account, ip: '198.51.100.3' }, 1);

    expect(await limiter.retryAfterSeconds({ account: ALICE.account, ip: '198.51.100.4' })).toBe(60);
    expect(await limiter.retryAfterSeconds({ account: 'bob@example.com', ip: '198.51.100.4' })).toBe(0);
  });

  it('reports the longer of the two waits when both limits are reached', async () => {
    const otherIp = '198.51.100.9';
    // Alice's account window opens at 0 s (ends at 60 s) ...
    await fail({ account: ALICE.account, ip: otherIp }, 2);
    clock.advanceBy(10_000);
    // ... her IP's window opens at 10 s (ends at 70 s); her third failure fills both.
    for (const account of ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']) await fail({ account, ip: ALICE.ip }, 1);
    await fail(ALICE, 1);

    expect(await limiter.retryAfterSeconds({ account: ALICE.account, ip: otherIp })).toBe(50);
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(60);

    clock.advanceBy(50_000);
    // The account window has ended; the IP window still has 10 s left.
    expect(await limiter.retryAfterSeconds({ account: ALICE.account, ip: otherIp })).toBe(0);
    expect(await limiter.retryAfterSeconds(ALICE)).toBe(10);
  });
});
