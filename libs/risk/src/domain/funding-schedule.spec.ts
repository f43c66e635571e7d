import { lastFundingTime, nextFundingTime } from './funding-schedule';

const H8 = 8 * 3_600_000;

describe('funding schedule', () => {
  it('puts funding at 00:00, 08:00 and 16:00 UTC with the default interval', () => {
    expect(nextFundingTime(new Date('2026-12-07T01:21:00Z'), H8).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextFundingTime(new Date('2026-12-07T16:00:00Z'), H8).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(lastFundingTime(new Date('2026-12-07T16:00:00Z'), H8).toISOString()).toBe('2026-12-07T16:00:00.000Z');
    expect(lastFundingTime(new Date('2026-12-07T15:59:59.999Z'), H8).toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it('runs every minute when the interval is a minute', () => {
    expect(nextFundingTime(new Date('2026-12-07T01:21:30Z'), 60_000).toISOString()).toBe('2026-12-07T01:22:00.000Z');
  });
});
