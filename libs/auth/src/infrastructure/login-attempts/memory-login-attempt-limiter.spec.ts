import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@lib/kernel';
import { AppConfig, loadConfig } from '@lib/platform';
import { PasswordAttempt } from '../../application/ports';
import { MemoryLoginAttemptLimiter } from './memory-login-attempt-limiter';

const START = new Date('2030-01-01T00:00:00.000Z');
const IP = '203.0.113.7';
const login = (account: string, ip = IP): PasswordAttempt => ({ kind: 'login', account, ip });
const ALICE = login('alice@example.com');

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

/** Wrong passwords: each reservation is kept. */
async function fail(attempt: PasswordAttempt, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) expect(await limiter.reserve(attempt)).toBe(0);
}

describe('MemoryLoginAttemptLimiter', () => {
  it('reserves attempts until the account reaches its limit, then answers the wait and takes nothing', async () => {
    await fail(ALICE, 3);

    expect(await limiter.reserve(ALICE)).toBe(60);
    // The refused attempt took nothing from the IP: 2 more accounts' failures still fit under its 5.
    await fail(login('bob@example.com'), 2);
    expect(await limiter.reserve(login('carol@example.com'))).toBe(60);
  });

  it('reserves atomically: of 100 attempts started together exactly the limit go through', async () => {
    const waits = await Promise.all(Array.from({ length: 100 }, () => limiter.reserve(ALICE)));

    expect(waits.filter((w) => w === 0)).toHaveLength(3);
    expect(waits.filter((w) => w === 60)).toHaveLength(97);
  });

  it('counts down the wait as time passes and lifts the block when the window ends', async () => {
    await fail(ALICE, 3);

    clock.advanceBy(20_000);
    expect(await limiter.reserve(ALICE)).toBe(40);
    clock.advanceBy(39_500);
    expect(await limiter.reserve(ALICE)).toBe(1);
    clock.advanceBy(500);
    expect(await limiter.reserve(ALICE)).toBe(0);
  });

  it('keeps a fixed window: failures after the first do not extend it', async () => {
    await fail(ALICE, 1);
    clock.advanceBy(30_000);
    await fail(ALICE, 2);

    expect(await limiter.reserve(ALICE)).toBe(30);
  });

  it('a right password forgets the account failures and gives the IP its attempt back', async () => {
    await fail(login('a@x.io'), 2);
    await fail(ALICE, 2);
    expect(await limiter.reserve(ALICE)).toBe(0);
    await limiter.succeeded(ALICE);

    // Alice starts again from 0 of 3; the IP keeps 2 + 2 of 5: one more fits, then it is full.
    await fail(ALICE, 1);
    expect(await limiter.reserve(login('c@x.io'))).toBe(60);
    expect(await limiter.reserve(login('c@x.io', '198.51.100.1'))).toBe(0);
  });

  it('an abandoned attempt (server error) gives back every reservation', async () => {
    await fail(ALICE, 2);
    expect(await limiter.reserve(ALICE)).toBe(0);
    await limiter.abandoned(ALICE);

    await fail(ALICE, 1);
    expect(await limiter.reserve(ALICE)).toBe(60);
  });

  it('the IP limit blocks an account that never failed, from that IP only', async () => {
    for (const account of ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io']) await fail(login(account), 1);

    expect(await limiter.reserve(login('new@x.io'))).toBe(60);
    expect(await limiter.reserve(login('new@x.io', '198.51.100.1'))).toBe(0);
  });

  it('blocks an account from every IP once it reaches its limit', async () => {
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) await fail(login('alice@example.com', ip), 1);

    expect(await limiter.reserve(login('alice@example.com', '198.51.100.4'))).toBe(60);
    expect(await limiter.reserve(login('bob@example.com', '198.51.100.4'))).toBe(0);
  });

  it('reports the longer of the two waits when both limits are reached', async () => {
    const otherIp = '198.51.100.9';
    // Alice's account window opens at 0 s (ends at 60 s) ...
    await fail(login('alice@example.com', otherIp), 2);
    clock.advanceBy(10_000);
    // ... her IP's window opens at 10 s (ends at 70 s); her third failure fills both.
    for (const account of ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']) await fail(login(account), 1);
    await fail(ALICE, 1);

    expect(await limiter.reserve(login('alice@example.com', otherIp))).toBe(50);
    expect(await limiter.reserve(ALICE)).toBe(60);
    clock.advanceBy(50_000);
    // The account window has ended; the IP window still has 10 s left.
    expect(await limiter.reserve(ALICE)).toBe(10);
    expect(await limiter.reserve(login('alice@example.com', otherIp))).toBe(0);
  });

  it('counts password-change guesses per user, apart from logins', async () => {
    const change: PasswordAttempt = { kind: 'password-change', userId: 'user-1' };
    await fail(change, 3);

    expect(await limiter.reserve(change)).toBe(60);
    expect(await limiter.reserve({ kind: 'password-change', userId: 'user-2' })).toBe(0);
    expect(await limiter.reserve(ALICE)).toBe(0);
    await limiter.succeeded(change);
    expect(await limiter.reserve(change)).toBe(0);
  });
});
