import fc from 'fast-check';
import { riskMetrics } from './risk-metrics';
import { beta } from './risk-statistics';

/** 20 to 400 days of P&L in 10^-9 units (|day| < 10^6 USDT) with an equity up to 10^7 USDT. */
const pnlSeries = fc.array(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), { minLength: 20, maxLength: 400 });
const equity = fc.bigInt({ min: 1n, max: 10n ** 7n }).map((usdt) => usdt * 10n ** 9n);

describe('portfolio risk figures (properties)', () => {
  it('VaR99 >= VaR95 >= 0, ES >= VaR at each level, drawdown >= 0 (historical and parametric)', () => {
    fc.assert(
      fc.property(pnlSeries, equity, (pnl, e) => {
        const m = riskMetrics({ pnl, scale: 9, equity: e, benchmarkReturns: null, decimals: 6 });
        expect(m.historicalVar.p95).toBeGreaterThanOrEqual(0n);
        expect(m.historicalVar.p99).toBeGreaterThanOrEqual(m.historicalVar.p95);
        expect(m.expectedShortfall.p95).toBeGreaterThanOrEqual(m.historicalVar.p95);
        expect(m.expectedShortfall.p99).toBeGreaterThanOrEqual(m.historicalVar.p99);
        expect(m.expectedShortfall.p99).toBeGreaterThanOrEqual(m.expectedShortfall.p95);
        expect(m.parametricVar.p95).toBeGreaterThanOrEqual(0n);
        expect(m.parametricVar.p99).toBeGreaterThanOrEqual(m.parametricVar.p95);
        expect(m.maxDrawdown).toBeGreaterThanOrEqual(0n);
        expect(m.maxDrawdownRatio).toBeGreaterThanOrEqual(0);
        expect(m.dailyVolatility).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('the worst day bounds everything historical: VaR99 and ES99 are at most the worst loss (rounded up)', () => {
    fc.assert(
      fc.property(pnlSeries, equity, (pnl, e) => {
        const m = riskMetrics({ pnl, scale: 9, equity: e, benchmarkReturns: null, decimals: 6 });
        const worst = pnl.reduce((a, b) => (b < a ? b : a));
        const worstLoss = worst < 0n ? (-worst + 999n) / 1000n : 0n;
        expect(m.expectedShortfall.p99).toBeLessThanOrEqual(worstLoss);
        expect(m.historicalVar.p99).toBeLessThanOrEqual(worstLoss);
      }),
    );
  });

  it('the beta of BTC to itself is 1', () => {
    // Daily returns of a series of BTC closes (price units), as the simulation makes them.
    const closes = fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 3, maxLength: 400 }).filter((cs) => cs.slice(1).some((c, i) => c !== cs[i]));
    fc.assert(
      fc.property(closes, (cs) => {
        const btc = cs.slice(1).map((c, i) => Number(c - cs[i]!) / Number(cs[i]!));
        fc.pre(btc.some((r) => r !== btc[0]));
        expect(beta(btc, btc)).toBe(1);
      }),
    );
  });

  it('a portfolio that is k × BTC has a beta of k to it', () => {
    const moving = fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 20, maxLength: 200 }).filter((xs) => xs.some((x) => x !== xs[0]));
    fc.assert(
      fc.property(moving, fc.integer({ min: 1, max: 50 }), (bps, k) => {
        // BTC returns of bps / 10^4; a portfolio whose P&L is k × bps on an equity of 10^4: r = k × r_BTC.
        const btc = bps.map((b) => b / 10_000);
        const m = riskMetrics({ pnl: bps.map((b) => BigInt(k * b)), scale: 0, equity: 10_000n, benchmarkReturns: btc, decimals: 0 });
        expect(m.beta!).toBeCloseTo(k, 9);
      }),
    );
  });
});
