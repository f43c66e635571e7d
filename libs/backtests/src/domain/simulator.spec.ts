import { MarketRules } from './fills';
import { metricsOf } from './metrics';
import { CandleColumns, DAY_MS } from './simulation';
import { simulate } from './simulator';
import { Exposure, Strategy } from './strategies';

/** BTC-USDT-like: prices with 2 decimals (tick 0.01), quantities in 0.001, USDT with 6 decimals. */
const SPOT: MarketRules = { kind: 'SPOT', priceScale: 2, quantityScale: 3, quoteDecimals: 6, tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 0n };
const PERP: MarketRules = { ...SPOT, kind: 'PERPETUAL' };
const T0 = Date.UTC(2026, 0, 1);
const USDT = (text: string) => BigInt(text.replace('.', '')); // "1000.000000" -> units

/** Daily candles from [open, close] pairs in price units (cents). */
function candles(rows: readonly (readonly [number, number])[]): CandleColumns {
  return {
    openTime: Float64Array.from(rows, (_, i) => T0 + i * DAY_MS),
    open: BigInt64Array.from(rows, ([o]) => BigInt(o)),
    close: BigInt64Array.from(rows, ([, c]) => BigInt(c)),
  };
}

/** A strategy answering a fixed script, recording what it was shown. */
function scripted(wants: readonly Exposure[]): Strategy & { seen: number[] } {
  const seen: number[] = [];
  return { seen, next: (close) => (seen.push(close), wants[seen.length - 1]!) };
}

const SERIES = candles([
  [10000, 10000], // 0: 100.00 -> long
  [10100, 10400], // 1: buy fills at 101.00 + 10 bps
  [10500, 10300], // 2: -> flat
  [10200, 9900], // 3: sell fills at 102.00 - 10 bps
  [9800, 9700], // 4: -> long
  [9600, 10000], // 5: buy fills at 96.00 + 10 bps; still open at the end
]);
const SETTINGS = { initialCapital: USDT('1000.000000'), feePpm: 1000n, slippageBps: 10n, sizing: { kind: 'ALL_IN' as const }, intervalMs: DAY_MS };

describe('simulate: a hand-computed spot run (fee 0.1 %, slippage 10 bps, all in)', () => {
  const strategy = scripted([1, 1, 0, 0, 1, 1]);
  const out = simulate(SERIES, SPOT, SETTINGS, strategy);

  it('fills each signal at the next open, slipped against the trader onto the tick, with the fee rounded up', () => {
    // Trade 1: buy at 101.00 x 1.001 = 101.101 -> up to the tick: 101.11.
    //   quantity: floor(1000 / (101.11 x 1.001)) in 0.001 = floor(9880.33...) = 9.880
    //   notional 101.11 x 9.880 = 998.966800; fee ceil(0.9989668) = 0.998967
    // Sell at 102.00 x 0.999 = 101.898 -> down to the tick: 101.89.
    //   notional 101.89 x 9.880 = 1006.673200; fee ceil(1.0066732) = 1.006674
    //   pnl 1006.673200 - 998.966800 - 0.998967 - 1.006674 = 5.700759; cash 1005.700759
    // Trade 2: buy at 96.00 x 1.001 = 96.096 -> 96.10; quantity floor(1005.700759 / (96.10 x 1.001)) = 10.454
    //   notional 96.10 x 10.454 = 1004.629400; fee ceil(1.0046294) = 1.004630; open at the end, valued at 100.00
    //   pnl (100.00 - 96.10) x 10.454 - 1.004630 = 40.770600 - 1.004630 = 39.765970
    expect(out.trades).toEqual([
      { side: 'LONG', entryTime: T0 + DAY_MS, entryPrice: 10111n, exitTime: T0 + 3 * DAY_MS, exitPrice: 10189n, quantity: 9880n, fees: USDT('2.005641'), funding: 0n, pnl: USDT('5.700759') },
      { side: 'LONG', entryTime: T0 + 5 * DAY_MS, entryPrice: 9610n, exitTime: null, exitPrice: null, quantity: 10454n, fees: USDT('1.004630'), funding: 0n, pnl: USDT('39.765970') },
    ]);
    // 1005.700759 - 1.004630 + 40.770600
    expect(out.finalEquity).toBe(USDT('1045.466729'));
    expect(out.fees).toBe(USDT('3.010271'));
  });

  it('values the equity at every close', () => {
    expect(out.equityCurve.map((p) => p.equity)).toEqual([
      USDT('1000.000000'), // start
      USDT('1000.000000'), // 0: flat
      USDT('1027.554233'), // 1: 1000 - 0.998967 + (104.00 - 101.11) x 9.880
      USDT('1017.674233'), // 2: 1000 - 0.998967 + (103.00 - 101.11) x 9.880
      USDT('1005.700759'), // 3: flat again
      USDT('1005.700759'), // 4
      USDT('1045.466729'), // 5
    ]);
    expect(out.equityCurve.map((p) => p.time)).toEqual([T0, ...[1, 2, 3, 4, 5, 6].map((d) => T0 + d * DAY_MS)]);
    expect(out.dailyEquity).toHaveLength(6);
  });

  it('shows the strategy each close once, in order', () => {
    expect(strategy.seen).toEqual([10000, 10400, 10300, 9900, 9700, 10000]);
  });

  it('derives the metrics from the same numbers', () => {
    const m = metricsOf(out);
    expect(m).toMatchObject({ finalEquity: USDT('1045.466729'), pnl: USDT('45.466729'), trades: 2, closedTrades: 1, winningTrades: 1 });
    expect(m.totalReturn).toBe('0.04546673'); // 45.466729 / 1000
    expect(m.maxDrawdown).toBe('0.02126747'); // (1027.554233 - 1005.700759) / 1027.554233
    expect(m.exposure).toBe('0.50000000'); // candles 1, 2 and 5 of 6
    expect(m.winRate).toBe('1.00000000');
    expect(m.profitFactor).toBeNull(); // no losing trade
    // Daily returns from the initial capital; the sample standard deviation; x sqrt(365).
    const e = [1000, 1000, 1027.554233, 1017.674233, 1005.700759, 1005.700759, 1045.466729];
    const r = e.slice(1).map((v, i) => v / e[i]! - 1);
    const mean = r.reduce((a, b) => a + b) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
    expect(Number(m.sharpe)).toBeCloseTo((mean / sd) * Math.sqrt(365), 6);
    expect(Number(m.cagr)).toBeCloseTo(Math.pow(1.045466729, 365 / 6) - 1, 6);
  });
});

describe('simulate: positions and sizing', () => {
  it('holds nothing short on spot: a short signal is flat', () => {
    const out = simulate(SERIES, SPOT, SETTINGS, scripted([-1, -1, -1, -1, -1, -1]));
    expect(out.trades).toEqual([]);
    expect(out.finalEquity).toBe(SETTINGS.initialCapital);
  });

  it('goes short on a perpetual, and flips with two fills at the same open', () => {
    const out = simulate(SERIES, PERP, { ...SETTINGS, slippageBps: 0n, feePpm: 0n }, scripted([-1, -1, 1, 1, 1, 1]));
    // Short 9.900 at 101.00 (floor(1000 / 101.00) = 9.900), covered at 102.00: -9.900
    // Long floor(990.100000 / 102.00) = 9.706 at 102.00, valued at 100.00: -19.412
    expect(out.trades.map((t) => [t.side, t.entryPrice, t.exitPrice, t.quantity, t.pnl])).toEqual([
      ['SHORT', 10100n, 10200n, 9900n, USDT('-9.900000')],
      ['LONG', 10200n, null, 9706n, USDT('-19.412000')],
    ]);
    expect(out.finalEquity).toBe(USDT('970.688000'));
    expect(metricsOf(out).profitFactor).toBe('0.00000000'); // no profit over a 9.900000 loss
    expect(metricsOf(out).winRate).toBe('0.00000000');
  });

  it('uses a fixed fraction of the equity', () => {
    const out = simulate(SERIES, SPOT, { ...SETTINGS, feePpm: 0n, slippageBps: 0n, sizing: { kind: 'FRACTION', ppm: 250_000n } }, scripted([1, 1, 1, 1, 1, 1]));
    expect(out.trades[0]).toMatchObject({ entryPrice: 10100n, quantity: 2475n }); // floor(250 / 101.00) = 2.475
  });

  it('skips an order below the market minimum', () => {
    const out = simulate(SERIES, { ...SPOT, minQuantity: 100_000n }, SETTINGS, scripted([1, 1, 1, 1, 1, 1]));
    expect(out.trades).toEqual([]);
    expect(out.skippedSignals).toBe(1);
  });

  it('charges funding to the position held at a funding time (payers round up, receivers down)', () => {
    const funding = [
      { time: T0 + DAY_MS + 8 * 3_600_000, rateE8: 10_000n, mark: 10_000n }, // 0.01 % while long 9.900: pays 0.099000
      { time: T0 + 4 * DAY_MS, rateE8: 10_000n, mark: 10_000n }, // flat: nothing
    ];
    const out = simulate(SERIES, PERP, { ...SETTINGS, slippageBps: 0n, feePpm: 0n }, scripted([1, 1, 0, 0, 0, 0]), { funding });
    expect(out.funding).toBe(USDT('-0.099000'));
    expect(out.trades[0]).toMatchObject({ quantity: 9900n, funding: USDT('-0.099000'), pnl: USDT('9.801000') }); // (102 - 101) x 9.9 - 0.099
  });

  it('downsamples the equity curve to at most 1,000 points plus the start', () => {
    const rows = Array.from({ length: 5003 }, (_, i) => [10000 + (i % 7), 10000 + (i % 5)] as const);
    const out = simulate(candles(rows), SPOT, SETTINGS, { next: () => 1 });
    expect(out.equityCurve.length).toBeLessThanOrEqual(1001);
    expect(out.equityCurve[out.equityCurve.length - 1]!.equity).toBe(out.finalEquity);
  });

  it('reports progress once per percent', () => {
    const seen: number[] = [];
    simulate(candles(Array.from({ length: 250 }, () => [10000, 10000] as const)), SPOT, SETTINGS, { next: () => 0 }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});
