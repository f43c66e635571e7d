import fc from 'fast-check';
import { CANDLE_INTERVALS, Candle, CandleInterval, applyPrice, bucketStart, candlesFromSamples, rollUp } from './candles';

const T0 = Date.UTC(2026, 10, 21, 10, 0, 0); // 2026-11-21T10:00:00Z
const min = (n: number): number => T0 + n * 60_000;

describe('candles', () => {
  it('aligns intervals on UTC: minutes, 4 h blocks from midnight, days at 00:00', () => {
    const at = Date.UTC(2026, 10, 21, 13, 37, 42, 123);
    expect(new Date(bucketStart(at, CandleInterval.M1)).toISOString()).toBe('2026-11-21T13:37:00.000Z');
    expect(new Date(bucketStart(at, CandleInterval.M5)).toISOString()).toBe('2026-11-21T13:35:00.000Z');
    expect(new Date(bucketStart(at, CandleInterval.M15)).toISOString()).toBe('2026-11-21T13:30:00.000Z');
    expect(new Date(bucketStart(at, CandleInterval.H1)).toISOString()).toBe('2026-11-21T13:00:00.000Z');
    expect(new Date(bucketStart(at, CandleInterval.H4)).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(new Date(bucketStart(at, CandleInterval.D1)).toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });

  it('folds prices into the open candle and opens a new one at the next interval', () => {
    let c: Candle | undefined;
    c = applyPrice(c, min(0) + 1000, CandleInterval.M1, 100n);
    c = applyPrice(c, min(0) + 2000, CandleInterval.M1, 105n);
    c = applyPrice(c, min(0) + 3000, CandleInterval.M1, 97n);
    c = applyPrice(c, min(0) + 4000, CandleInterval.M1, 101n);
    expect(c).toEqual({ openTime: min(0), open: 100n, high: 105n, low: 97n, close: 101n });
    expect(applyPrice(c, min(1), CandleInterval.M1, 99n)).toEqual({ openTime: min(1), open: 99n, high: 99n, low: 99n, close: 99n });
  });

  it('rolls 1m candles up into 5m exactly (example)', () => {
    const oneMinute: Candle[] = [
      { openTime: min(0), open: 100n, high: 110n, low: 95n, close: 104n },
      { openTime: min(1), open: 104n, high: 120n, low: 101n, close: 119n },
      { openTime: min(3), open: 119n, high: 119n, low: 90n, close: 92n },
      { openTime: min(5), open: 92n, high: 93n, low: 91n, close: 93n },
    ];
    expect(rollUp(oneMinute, CandleInterval.M5)).toEqual([
      { openTime: min(0), open: 100n, high: 120n, low: 90n, close: 92n },
      { openTime: min(5), open: 92n, high: 93n, low: 91n, close: 93n },
    ]);
    expect(() => rollUp([...oneMinute].reverse(), CandleInterval.M5)).toThrow(RangeError);
  });

  it('rolling up 1m candles equals building each interval from the samples (property)', () => {
    const samples = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 400_000 }), fc.bigInt({ min: 1n, max: 10n ** 20n })), { minLength: 1, maxLength: 200 })
      .map((steps) => {
        let at = T0 - 3 * 3_600_000;
        return steps.map(([gap, price]) => ({ at: (at += gap), price }));
      });
    fc.assert(
      fc.property(samples, (s) => {
        const oneMinute = candlesFromSamples(s, CandleInterval.M1);
        for (const interval of CANDLE_INTERVALS) {
          expect(rollUp(oneMinute, interval)).toEqual(candlesFromSamples(s, interval));
          // Rolling up in two steps (1m -> 5m -> 1h) is exact too.
          if (interval === CandleInterval.H1) expect(rollUp(rollUp(oneMinute, CandleInterval.M5), interval)).toEqual(candlesFromSamples(s, interval));
        }
      }),
      { numRuns: 300 },
    );
  });
});
