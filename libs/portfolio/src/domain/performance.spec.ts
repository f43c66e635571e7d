import { equityCurve, bucketCount } from './performance';

const point = (iso: string, equity: bigint) => ({ at: new Date(iso), equity, cost: 0n, realizedPnl: 0n });

describe('equity curve', () => {
  it('keeps the last snapshot of each interval bucket, in time order', () => {
    const curve = equityCurve(
      [point('2026-01-01T00:00:05Z', 1n), point('2026-01-01T00:00:50Z', 2n), point('2026-01-01T00:01:10Z', 3n), point('2026-01-01T00:03:00Z', 4n)],
      60_000,
    );
    expect(curve.map((p) => [p.at.toISOString(), p.equity])).toEqual([
      ['2026-01-01T00:00:50.000Z', 2n],
      ['2026-01-01T00:01:10.000Z', 3n],
      ['2026-01-01T00:03:00.000Z', 4n],
    ]);
  });

  it('counts the buckets of a range, both ends included', () => {
    expect(bucketCount(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T01:00:00Z'), 60_000)).toBe(61);
  });
});
