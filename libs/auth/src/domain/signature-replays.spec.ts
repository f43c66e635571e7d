import { SignatureReplays } from './signature-replays';

describe('SignatureReplays', () => {
  it('refuses a signature seen inside its window, and takes it again once the window ended', () => {
    const replays = new SignatureReplays();
    expect(replays.remember('sig', 5_000, 0)).toBe(true);
    expect(replays.remember('sig', 5_100, 100)).toBe(false);
    expect(replays.remember('sig', 5_000, 4_999)).toBe(false);
    expect(replays.remember('sig', 10_000, 5_000)).toBe(true);
    expect(replays.remember('other', 5_000, 0)).toBe(true);
  });

  it('forgets the signatures whose window ended (within a second), so memory holds about one window of requests', () => {
    const replays = new SignatureReplays();
    for (let i = 0; i < 5_000; i++) replays.remember(`sig-${i}`, 5_000 + i, i); // 5 s windows, one request a millisecond
    expect(replays.size).toBe(5_000);
    for (let i = 5_000; i < 60_000; i++) replays.remember(`sig-${i}`, 5_000 + i, i);
    // Live: the last 5 s; kept at most a second (the sweep's grain) after their end.
    expect(replays.size).toBeGreaterThanOrEqual(5_000);
    expect(replays.size).toBeLessThanOrEqual(7_000);
    expect(replays.remember('sig-59000', 64_000, 60_000)).toBe(false);
    expect(replays.remember('sig-1000', 60_000, 60_000)).toBe(true);
  });

  it('keeps a signature remembered again after its window ended until its new window ends', () => {
    const replays = new SignatureReplays();
    replays.remember('sig', 1_500, 0);
    expect(replays.remember('sig', 6_600, 1_600)).toBe(true);
    replays.remember('other', 9_000, 2_100); // the sweep of second 1 passes by 'sig' (filed there too)
    expect(replays.remember('sig', 7_000, 2_200)).toBe(false);
  });

  it('stays bounded: past max live signatures the oldest goes', () => {
    const replays = new SignatureReplays(3);
    replays.remember('a', 1_000, 0);
    replays.remember('b', 1_000, 0);
    replays.remember('c', 1_000, 0);
    replays.remember('d', 1_000, 20); // full of live ones: the oldest (a) goes
    expect(replays.size).toBe(3);
    expect(replays.remember('b', 1_000, 30)).toBe(false);
    expect(replays.remember('a', 1_000, 40)).toBe(true); // forgotten early: the price of the bound
    expect(replays.size).toBe(3);
  });
});
