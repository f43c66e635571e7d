import { formatUnits } from '@lib/kernel';
import { DAY_MS, DailyCloses, Exposure, countedDays, exposureGroups, exposureTotals, pnlScale, riskWindow, simulatePnl } from './risk-simulation';

const D0 = Date.UTC(2026, 0, 1);
const day = (i: number) => D0 + i * DAY_MS;
const closes = (market: string, priceScale: number, values: readonly (bigint | null)[]): DailyCloses => ({
  market,
  priceScale,
  closes: new Map(values.flatMap((v, i) => (v === null ? [] : [[day(i), v] as const]))),
});

/** 0.12345678 BTC held (8 decimals), valued through BTC-USDT (price scale 1) at 95000.0. */
const btc: Exposure = { market: 'BTC-USDT', kind: 'SPOT', asset: 'BTC', quantity: 12_345_678n, quantityDecimals: 8, mark: 950_000n, priceScale: 1, notional: 11_728_394_100n };
/** Short 2.50 ETH-PERP (quantity scale 2, price scale 2) at 3400.00: notional −8500. */
const eth: Exposure = { market: 'ETH-PERP', kind: 'PERPETUAL', asset: 'ETH', quantity: -250n, quantityDecimals: 2, mark: 340_000n, priceScale: 2, notional: -8_500_000_000n };
/** A long BTC-PERP of 0.010 at 95000.0: notional 950. */
const btcPerp: Exposure = { market: 'BTC-PERP', kind: 'PERPETUAL', asset: 'BTC', quantity: 10n, quantityDecimals: 3, mark: 950_000n, priceScale: 1, notional: 950_000_000n };

describe('historical simulation of the current portfolio', () => {
  const history = new Map([
    ['BTC-USDT', closes('BTC-USDT', 1, [950_000n, 951_005n, 940_000n])],
    ['ETH-PERP', closes('ETH-PERP', 2, [340_000n, 341_025n, 339_000n])],
  ]);

  it('counts P&L in the finest unit the exposures need (BTC 8 decimals x price scale 1 -> 10^-9)', () => {
    expect(pnlScale([btc, eth], 6)).toBe(9);
    expect(pnlScale([eth], 6)).toBe(6);
    expect(pnlScale([], 6)).toBe(6);
  });

  it('a day is Σ quantity × (close_t − close_{t−1}), exact', () => {
    const s = simulatePnl([btc, eth], history, null, 6);
    // Day 1: 0.12345678 × 100.5 − 2.5 × 10.25 = 12.40740639 − 25.625 = −13.21759361.
    // Day 2: 0.12345678 × −1100.5 − 2.5 × −20.25 = −135.86418639 + 50.625 = −85.23918639.
    expect(s.days).toEqual([day(1), day(2)]);
    expect(s.pnl.map((p) => formatUnits(p, s.scale))).toEqual(['-13.217593610', '-85.239186390']);
    expect(s.benchmarkReturns).toBeNull();
  });

  it("lines the benchmark's returns up on the same days", () => {
    const s = simulatePnl([eth], history, 'BTC-USDT', 6);
    expect(s.benchmarkReturns).toEqual([1005 / 950_000, -11_005 / 951_005]);
    expect(s.pnl).toEqual([-25_625_000n, 50_625_000n]);
  });

  it('skips a day some market has no close for, and the day after it (no two-day moves)', () => {
    const gappy = new Map([
      ['BTC-USDT', closes('BTC-USDT', 1, [950_000n, 951_005n, null, 940_000n, 941_000n])],
      ['ETH-PERP', closes('ETH-PERP', 2, [340_000n, 341_025n, 339_000n, 338_000n, 338_500n])],
    ]);
    expect(countedDays([...gappy.values()])).toEqual([day(1), day(4)]);
    const s = simulatePnl([btc, eth], gappy, null, 6);
    expect(s.days).toEqual([day(1), day(4)]);
    // Day 4: 0.12345678 × 100.0 − 2.5 × 5.00 = 12.345678 − 12.5.
    expect(formatUnits(s.pnl[1]!, 9)).toBe('-0.154322000');
  });

  it('without exposures the benchmark alone sets the days (a P&L of 0 each)', () => {
    const s = simulatePnl([], history, 'BTC-USDT', 6);
    expect(s.pnl).toEqual([0n, 0n]);
    expect(simulatePnl([], history, null, 6).pnl).toEqual([]);
  });

  it('refuses an exposure without history rather than leaving it out', () => {
    expect(() => simulatePnl([btcPerp], history, null, 6)).toThrow(RangeError);
  });

  it('sums exposure: gross, long, short, net, and each group\'s share of the gross', () => {
    expect(exposureTotals([btc, eth, btcPerp])).toEqual({ gross: 21_178_394_100n, long: 12_678_394_100n, short: 8_500_000_000n, net: 4_178_394_100n });
    const byAsset = exposureGroups([btc, eth, btcPerp], (e) => e.asset, 8);
    expect(byAsset.map((g) => [g.key, g.gross, g.net, g.share])).toEqual([
      // 12678.3941 / 21178.3941 = 0.598647566…, 8500 / 21178.3941 = 0.401352433… (8 decimals, half to even).
      ['BTC', 12_678_394_100n, 12_678_394_100n, 59_864_757n],
      ['ETH', 8_500_000_000n, -8_500_000_000n, 40_135_243n],
    ]);
    const byMarket = exposureGroups([btc, eth, btcPerp], (e) => e.market, 8);
    expect(byMarket.map((g) => g.key)).toEqual(['BTC-PERP', 'BTC-USDT', 'ETH-PERP']);
    expect(exposureGroups([], (e) => e.asset, 8)).toEqual([]);
  });

  it('reads the last complete UTC day and the window of days before it', () => {
    const w = riskWindow(Date.parse('2026-03-10T15:30:00Z'), 30);
    expect(new Date(w.toMs).toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(new Date(w.fromMs).toISOString()).toBe('2026-02-07T00:00:00.000Z');
    expect((w.toMs - w.fromMs) / DAY_MS + 1).toBe(31);
    expect(riskWindow(Date.parse('2026-03-10T00:00:00Z'), 30).toMs).toBe(Date.parse('2026-03-09T00:00:00Z'));
  });
});
