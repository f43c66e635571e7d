import { MarketRules } from './fills';
import { CandleColumns } from './simulation';
import { simulate } from './simulator';
import { Exposure, Strategy } from './strategies';

const SPOT: MarketRules = { kind: 'SPOT', priceScale: 2, quantityScale: 3, quoteDecimals: 6, tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 0n };
const MINUTE = 60_000;
const CAPITAL = 1_000_000_000n; // 1000 USDT

/**
 * The trap: continuous candles (each opens at the previous close) moving 1.00 down, down, up, up,
 * ... and down, down at the end. A rule that goes long after an up close and flat after a down close captures every up
 * candle if it is shown a candle before its order for that candle fills (or fills at the close it
 * decided on): +2.00 per cycle. Decided on candle i's close and filled at candle i+1's open, it
 * buys after the first up move and sells after the first down move at the price it bought: 0.
 */
function trapSeries(cycles: number): CandleColumns {
  const closes: number[] = [];
  let price = 10_000;
  const steps = [...Array.from({ length: cycles }, () => [-100, -100, 100, 100]).flat(), -100, -100];
  for (const step of steps) closes.push((price += step));
  const opens = closes.map((_close, i) => (i === 0 ? 10_000 : closes[i - 1]!));
  return {
    openTime: Float64Array.from(closes, (_, i) => i * MINUTE),
    open: BigInt64Array.from(opens, BigInt),
    close: BigInt64Array.from(closes, BigInt),
  };
}

/** Long after a close above the previous one, flat after one below: momentum of one candle. */
function momentum(): Strategy & { seen: number[] } {
  const seen: number[] = [];
  let previous: number | null = null;
  let want: Exposure = 0;
  return {
    seen,
    next(close) {
      seen.push(close);
      if (previous !== null) want = close > previous ? 1 : 0;
      previous = close;
      return want;
    },
  };
}

describe('no look-ahead', () => {
  const series = trapSeries(50);
  const settings = { initialCapital: CAPITAL, feePpm: 0n, slippageBps: 0n, sizing: { kind: 'ALL_IN' as const }, intervalMs: MINUTE };

  it('a rule that would profit only by seeing the next candle earns nothing', () => {
    const strategy = momentum();
    const out = simulate(series, SPOT, settings, strategy);
    expect(out.closedTrades).toBe(50);
    for (const t of out.trades) if (t.exitPrice !== null) expect(t.exitPrice).toBe(t.entryPrice);
    expect(out.finalEquity).toBe(CAPITAL);
  });

  it('the trap is armed: shown each candle one step early, the same rule makes money', () => {
    // The bug the simulator must not have, played by hand: the strategy sees candle i+1's close
    // before the order filled at candle i+1's open.
    const early = momentum();
    const close = series.close;
    let step = 0;
    const peeking: Strategy = { next: () => early.next(Number(close[Math.min(step++ + 1, close.length - 1)])) };
    const out = simulate(series, SPOT, settings, peeking);
    expect(out.finalEquity).toBeGreaterThan(CAPITAL + 50n * 9_000_000n); // about +2.00 per cycle on ~9.5 units
  });

  it('shows the strategy each close once, in order, and nothing else', () => {
    const strategy = momentum();
    simulate(series, SPOT, settings, strategy);
    expect(strategy.seen).toEqual(Array.from(series.close, Number));
  });
});
