import fc from 'fast-check';
import { IntervalHistogram, bucketUpperMs, quantileMs } from './interval-histogram';

describe('IntervalHistogram', () => {
  it('answers the p99 within one bucket (15 %) above the exact value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.2, max: 10_000, noNaN: true }), { minLength: 1, maxLength: 500 }), (samples) => {
        const h = new IntervalHistogram();
        for (const s of samples) h.record(s);
        const sorted = [...samples].sort((a, b) => a - b);
        const exact = sorted[Math.ceil(0.99 * sorted.length) - 1]!;
        const p99 = quantileMs([h.take()], 0.99)!;
        expect(p99).toBeGreaterThanOrEqual(exact - 0.01);
        expect(p99).toBeLessThanOrEqual(exact * 1.15 + 0.01);
      }),
    );
  });

  it('merges instances by adding their counts, and take() starts a new interval', () => {
    const a = new IntervalHistogram();
    const b = new IntervalHistogram();
    for (let i = 0; i < 99; i += 1) a.record(1);
    b.record(1000);
    expect(quantileMs([a.take(), b.take()], 0.99)).toBeLessThan(1.2);
    for (let i = 0; i < 98; i += 1) a.record(1);
    b.record(1000);
    b.record(1000);
    expect(quantileMs([a.take(), b.take()], 0.99)).toBeGreaterThanOrEqual(1000);
    expect(a.count).toBe(0);
    expect(quantileMs([a.take()], 0.99)).toBeNull();
  });

  it('keeps the extremes in the first and last buckets', () => {
    const h = new IntervalHistogram();
    h.record(0);
    h.record(1e9);
    const parts = h.take();
    expect(parts.map(([i]) => i)).toEqual([0, 109]);
    expect(quantileMs([parts], 1)).toBeCloseTo(bucketUpperMs(109), 0);
  });
});
