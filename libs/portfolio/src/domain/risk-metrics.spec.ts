import { formatUnits } from '@lib/kernel';
import { formatStatistic } from './exact-rounding';
import { RiskMetrics, Z_95, Z_99, insufficiency, riskMetrics, tailCount } from './risk-metrics';

/*
 * A hand-computed fixture: equity 1000 USDT (6 decimals), 25 daily P&L in
 * whole USDT, and BTC returns on the same days. Every expected figure is
 * worked out here by a formula of its own (no helper of the module), and the
 * headline numbers are also written out as worked by hand.
 */
const USDT = 1_000_000n;
const EQUITY = 1000n * USDT;
const PNL_USDT = [12, -8, 5, -30, 18, 7, -12, 3, -45, 22, 9, -4, 15, -18, 6, -2, 27, -60, 11, 4, -9, 14, -25, 8, 10];
const PNL = PNL_USDT.map((x) => BigInt(x) * USDT);
const BTC = [0.01, -0.005, 0.004, -0.02, 0.012, 0.006, -0.01, 0.001, -0.03, 0.015, 0.007, -0.002, 0.011, -0.012, 0.003, -0.001, 0.02, -0.04, 0.009, 0.002, -0.006, 0.01, -0.018, 0.005, 0.008];
const usdt = (units: bigint) => formatUnits(units, 6);

/** The k-th worst P&L without sorting: the smallest value v with at least k days at or below v. */
function kthWorst(pnl: readonly bigint[], k: number): bigint {
  const candidates = pnl.filter((v) => pnl.filter((p) => p <= v).length >= k);
  return candidates.reduce((a, b) => (b < a ? b : a));
}

/** The smallest k with 100 k >= n (100 − level): ⌈n (1 − α)⌉ by counting. */
function tail(n: number, level: number): number {
  let k = 0;
  while (100 * k < n * (100 - level)) k++;
  return Math.max(k, 1);
}

/** Mean of the k smallest, by removing the minimum k times. */
function meanOfWorst(pnl: readonly bigint[], k: number): { sum: bigint; k: number } {
  const left = [...pnl];
  let sum = 0n;
  for (let i = 0; i < k; i++) {
    const worst = left.reduce((a, b) => (b < a ? b : a));
    left.splice(left.indexOf(worst), 1);
    sum += worst;
  }
  return { sum, k };
}

/** max over i <= j of V_i − V_j, V_0 = equity, V_t = equity + Σ P&L up to t (all pairs). */
function drawdownByPairs(equity: bigint, pnl: readonly bigint[]): { amount: bigint; ratio: number } {
  const path = [equity];
  for (const p of pnl) path.push(path[path.length - 1]! + p);
  let amount = 0n;
  let ratio = 0;
  for (let j = 0; j < path.length; j++) {
    const peak = path.slice(0, j + 1).reduce((a, b) => (b > a ? b : a));
    if (peak - path[j]! > amount) amount = peak - path[j]!;
    ratio = Math.max(ratio, Number(peak - path[j]!) / Number(peak));
  }
  return { amount, ratio };
}

/** One-pass moments: Σx, Σx², Σxy, as textbook closed forms. */
function moments(xs: readonly number[], ys: readonly number[]) {
  const n = xs.length;
  const sx = xs.reduce((a, b) => a + b, 0);
  const sy = ys.reduce((a, b) => a + b, 0);
  const sxx = xs.reduce((a, b) => a + b * b, 0);
  const syy = ys.reduce((a, b) => a + b * b, 0);
  const sxy = xs.reduce((a, x, i) => a + x * ys[i]!, 0);
  return {
    mean: sx / n,
    stdev: Math.sqrt((sxx - (sx * sx) / n) / (n - 1)),
    beta: (n * sxy - sx * sy) / (n * syy - sy * sy),
    downside: Math.sqrt(xs.filter((x) => x < 0).reduce((a, b) => a + b * b, 0) / n),
  };
}

describe('portfolio risk figures (hand-computed fixture)', () => {
  let m: RiskMetrics;
  beforeAll(() => {
    m = riskMetrics({ pnl: PNL, scale: 6, equity: EQUITY, benchmarkReturns: BTC, decimals: 6 });
  });

  it('historical VaR: the loss of the ⌈n(1−α)⌉-th worst day', () => {
    // n = 25: k95 = ⌈1.25⌉ = 2 (the 2nd worst day, −45), k99 = ⌈0.25⌉ = 1 (the worst, −60).
    expect(tail(25, 95)).toBe(2);
    expect(tailCount(25, 95)).toBe(2);
    expect(tailCount(25, 99)).toBe(1);
    expect(usdt(m.historicalVar.p95)).toBe('45.000000');
    expect(usdt(m.historicalVar.p99)).toBe('60.000000');
    expect(m.historicalVar.p95).toBe(-kthWorst(PNL, tail(25, 95)));
    expect(m.historicalVar.p99).toBe(-kthWorst(PNL, tail(25, 99)));
  });

  it('expected shortfall: the mean loss of those worst days', () => {
    // (60 + 45) / 2 = 52.5; at 99 % the worst day alone.
    expect(usdt(m.expectedShortfall.p95)).toBe('52.500000');
    expect(usdt(m.expectedShortfall.p99)).toBe('60.000000');
    const es95 = meanOfWorst(PNL, tail(25, 95));
    expect(m.expectedShortfall.p95).toBe(-es95.sum / BigInt(es95.k));
  });

  it('maximum drawdown of equity + cumulative P&L', () => {
    // Path 1012 (the peak, day 1), 1004, 1009, 979, …, 1005, 945, …, 965, 940 (the trough, day 23): 72 USDT, 72 / 1012 = 18 / 253.
    const pairs = drawdownByPairs(EQUITY, PNL);
    expect(usdt(m.maxDrawdown)).toBe('72.000000');
    expect(m.maxDrawdown).toBe(pairs.amount);
    expect(m.maxDrawdownRatio).toBeCloseTo(pairs.ratio, 15);
    expect(m.maxDrawdownRatio).toBeCloseTo(18 / 253, 15);
  });

  it('volatility, Sharpe and Sortino of the returns P&L / equity, annualised by √365', () => {
    const r = PNL_USDT.map((x) => x / 1000);
    const ref = moments(r, BTC);
    // Σ P&L = −42 → mean −0.00168.
    expect(m.meanDailyReturn).toBeCloseTo(-0.00168, 15);
    expect(m.dailyVolatility).toBeCloseTo(ref.stdev, 12);
    expect(formatStatistic(m.dailyVolatility)).toBe('0.02073186');
    expect(m.sharpe!).toBeCloseTo((ref.mean / ref.stdev) * Math.sqrt(365), 10);
    expect(formatStatistic(m.sharpe)).toBe('-1.54816575');
    expect(m.sortino!).toBeCloseTo((ref.mean / ref.downside) * Math.sqrt(365), 10);
    expect(formatStatistic(m.sortino)).toBe('-1.81908169');
  });

  it('beta to BTC: cov(r, r_BTC) / var(r_BTC)', () => {
    expect(m.beta!).toBeCloseTo(moments(PNL_USDT.map((x) => x / 1000), BTC).beta, 10);
    expect(formatStatistic(m.beta)).toBe('1.44923293');
  });

  it('parametric VaR: z σ equity, mean ignored, rounded half to even to 10^-6', () => {
    const sigma = moments(PNL_USDT.map((x) => x / 1000), BTC).stdev;
    expect(Number(m.parametricVar.p95)).toBeCloseTo(Z_95 * sigma * 1e9, 0);
    expect(usdt(m.parametricVar.p95)).toBe('34.100874');
    expect(usdt(m.parametricVar.p99)).toBe('48.229517');
  });

  it('losses finer than the answer are rounded up (never understated)', () => {
    // P&L at 10^-9: a worst day of −1.0000001 USDT is a VaR of 1.000001.
    const pnl = [...Array(19).fill(5n), -1_000_000_100n, 2n];
    const f = riskMetrics({ pnl, scale: 9, equity: 100n * 1_000_000_000n, benchmarkReturns: null, decimals: 6 });
    expect(usdt(f.historicalVar.p99)).toBe('1.000001');
    expect(usdt(f.expectedShortfall.p99)).toBe('1.000001');
    expect(f.beta).toBeNull();
  });

  it('a day that is no loss is a VaR of 0, not a negative one', () => {
    const f = riskMetrics({ pnl: Array.from({ length: 20 }, (_, i) => BigInt(i + 1)), scale: 6, equity: EQUITY, benchmarkReturns: null, decimals: 6 });
    expect(f.historicalVar).toEqual({ p95: 0n, p99: 0n });
    expect(f.expectedShortfall).toEqual({ p95: 0n, p99: 0n });
    expect(f.maxDrawdown).toBe(0n);
    expect(f.sortino).toBeNull();
  });

  it('says why there are no figures: no equity first, then fewer than 20 returns', () => {
    expect(insufficiency(30, 0n)).toBe('NO_EQUITY');
    expect(insufficiency(5, -1n)).toBe('NO_EQUITY');
    expect(insufficiency(19, EQUITY)).toBe('TOO_FEW_RETURNS');
    expect(insufficiency(20, EQUITY)).toBeNull();
    expect(() => riskMetrics({ pnl: PNL, scale: 6, equity: 0n, benchmarkReturns: null, decimals: 6 })).toThrow(RangeError);
  });

  it('uses the documented normal quantiles', () => {
    expect(Z_95).toBe(1.6448536269514722);
    expect(Z_99).toBe(2.3263478740408408);
  });
});
