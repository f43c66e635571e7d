import { LOGIN_BURST_WINDOW_MS, LoginBursts } from './login-bursts';

describe('LoginBursts', () => {
  it('tells the threshold-th failure of an account within a minute, once', () => {
    const bursts = new LoginBursts(3);
    expect(bursts.record('a@x.io', '10.0.0.1', 0)).toEqual([]);
    expect(bursts.record('a@x.io', '10.0.0.2', 1_000)).toEqual([]);
    expect(bursts.record('a@x.io', '10.0.0.3', 2_000)).toEqual([{ key: 'account:a@x.io', failures: 3, windowMs: LOGIN_BURST_WINDOW_MS }]);
    expect(bursts.record('a@x.io', '10.0.0.4', 3_000)).toEqual([]);
    // A window after the burst, the key can burst again.
    expect(bursts.record('a@x.io', '10.0.0.5', 62_000)).toEqual([]);
    expect(bursts.record('a@x.io', '10.0.0.6', 62_500)).toEqual([{ key: 'account:a@x.io', failures: 3, windowMs: LOGIN_BURST_WINDOW_MS }]);
  });

  it('counts one IP guessing many accounts, and forgets failures older than the window', () => {
    const bursts = new LoginBursts(3);
    bursts.record('a@x.io', '10.0.0.9', 0);
    bursts.record('b@x.io', '10.0.0.9', 59_999);
    expect(bursts.record('c@x.io', '10.0.0.9', 60_000)).toEqual([]);
    expect(bursts.record('d@x.io', '10.0.0.9', 60_001)).toEqual([{ key: 'ip:10.0.0.9', failures: 3, windowMs: LOGIN_BURST_WINDOW_MS }]);
  });

  it('prunes keys with nothing left in the window', () => {
    const bursts = new LoginBursts(2, 2);
    bursts.record('a@x.io', '1.1.1.1', 0);
    bursts.record('b@x.io', '2.2.2.2', LOGIN_BURST_WINDOW_MS + 1);
    expect(bursts.record('a@x.io', '1.1.1.1', LOGIN_BURST_WINDOW_MS + 2)).toEqual([]);
  });
});
