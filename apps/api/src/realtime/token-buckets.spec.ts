import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('grants a burst, then one token per 1/perSecond, per key', () => {
    let now = 1_000;
    const buckets = new TokenBuckets(3, 2, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(500);
    expect(buckets.take('b')).toBe(0);
    now += 250;
    expect(buckets.take('a')).toBe(250);
    now += 250;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(500);
    // Idle long enough, the bucket is full again (never above the burst).
    now += 60_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0, 500]);
  });
});
