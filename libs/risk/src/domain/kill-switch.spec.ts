import { blockedUntil, isBlocked, passesLimit, utcDay } from './kill-switch';

const armed = { userId: 'u', asset: 'USDT', maxDailyLoss: 100_000_000n, triggeredAt: null };

describe('kill switch', () => {
  it.each([
    ['a gain', 5_000_000n, false],
    ['a loss below the limit', -99_999_999n, false],
    ['a loss of exactly the limit', -100_000_000n, false],
    ['a loss one unit beyond it', -100_000_001n, true],
  ])('%s: passes the limit = %s', (_name, dayResult, passes) => {
    expect(passesLimit(armed, dayResult)).toBe(passes);
  });

  it('blocks from the moment it triggers until the next UTC midnight, then not', () => {
    const s = { ...armed, triggeredAt: new Date('2026-12-07T15:30:00Z') };
    expect(isBlocked(s, new Date('2026-12-07T15:30:00Z'))).toBe(true);
    expect(isBlocked(s, new Date('2026-12-07T23:59:59.999Z'))).toBe(true);
    expect(isBlocked(s, new Date('2026-12-08T00:00:00Z'))).toBe(false);
    expect(blockedUntil(s)?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(isBlocked(armed, new Date())).toBe(false);
    expect(utcDay(new Date('2026-12-07T15:30:00+05:00')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });
});
