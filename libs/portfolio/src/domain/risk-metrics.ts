import { divCeil, roundDoubleHalfEven } from './exact-rounding';
import { beta, downsideDeviation, mean, sampleStdev } from './risk-statistics';

/*
 * Risk of the current portfolio by historical simulation (docs/analytics.md,
 * "Portfolio risk"). Pure: the daily P&L series comes in exact (bigint, in
 * 10^-scale of the valuation currency), money figures go out exact where they
 * are quantiles, sums or maxima of it (losses rounded up to `decimals` when
 * the scale is finer), statistics in float64.
 */

/** Fewer daily returns than this: no figures, `insufficientHistory`. */
export const MIN_RISK_RETURNS = 20;
/** Standard normal quantiles Φ⁻¹(0.95) and Φ⁻¹(0.99). */
export const Z_95 = 1.6448536269514722;
export const Z_99 = 2.3263478740408408;
/** Daily figures are annualised by √365 (crypto trades every day). */
export const TRADING_DAYS_PER_YEAR = 365;

export type ConfidenceLevel = 95 | 99;
export type InsufficientHistoryReason = 'NO_EQUITY' | 'TOO_FEW_RETURNS';

export interface RiskInput {
  /** The portfolio's daily P&L, oldest first, in 10^-scale units of the valuation currency. */
  readonly pnl: readonly bigint[];
  readonly scale: number;
  /** The current equity, same units. */
  readonly equity: bigint;
  /** The benchmark's daily returns on the same days; null without a benchmark. */
  readonly benchmarkReturns: readonly number[] | null;
  /** Decimals of the money figures answered (<= scale). */
  readonly decimals: number;
}

export interface LevelPair<T> {
  readonly p95: T;
  readonly p99: T;
}

/** Money figures in 10^-decimals units; losses are >= 0. */
export interface RiskMetrics {
  readonly meanDailyReturn: number;
  readonly dailyVolatility: number;
  readonly historicalVar: LevelPair<bigint>;
  readonly parametricVar: LevelPair<bigint>;
  readonly expectedShortfall: LevelPair<bigint>;
  /** null when the volatility is 0. */
  readonly sharpe: number | null;
  /** null when no day lost. */
  readonly sortino: number | null;
  readonly maxDrawdown: bigint;
  /** The largest fall of the simulated equity relative to its running peak. */
  readonly maxDrawdownRatio: number;
  /** null without a benchmark or when it did not move. */
  readonly beta: number | null;
}

/** Why there are no figures (null: there are). Equity first: returns are P&L / equity. */
export function insufficiency(returns: number, equity: bigint): InsufficientHistoryReason | null {
  if (equity <= 0n) return 'NO_EQUITY';
  return returns < MIN_RISK_RETURNS ? 'TOO_FEW_RETURNS' : null;
}

/** k = ⌈n × (100 − level) / 100⌉ (integers, no float): how many worst days make the tail. */
export function tailCount(n: number, level: ConfidenceLevel): number {
  return Math.floor((n * (100 - level) + 99) / 100);
}

/** The P&L ascending (worst first); the input is left as it is. */
export function worstFirst(pnl: readonly bigint[]): bigint[] {
  return [...pnl].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Historical VaR in P&L units: the loss of the k-th worst day, 0 when that day was no loss. */
export function historicalVar(sorted: readonly bigint[], level: ConfidenceLevel): bigint {
  const kth = sorted[tailCount(sorted.length, level) - 1];
  if (kth === undefined) throw new RangeError('no P&L');
  return kth < 0n ? -kth : 0n;
}

/** Expected shortfall as an exact fraction: Σ losses of the k worst days / k (0 when they sum to a gain). */
export function expectedShortfall(sorted: readonly bigint[], level: ConfidenceLevel): { readonly sum: bigint; readonly count: number } {
  const k = tailCount(sorted.length, level);
  if (k > sorted.length) throw new RangeError('no P&L');
  let loss = 0n;
  for (let i = 0; i < k; i++) loss -= sorted[i]!;
  return { sum: loss > 0n ? loss : 0n, count: k };
}

/** The deepest fall of equity + cumulative P&L below its running peak (the start included), P&L units. */
export function maxDrawdown(equity: bigint, pnl: readonly bigint[]): { readonly amount: bigint; readonly ratio: number } {
  let value = equity;
  let peak = equity;
  let amount = 0n;
  let ratio = 0;
  for (const p of pnl) {
    value += p;
    if (value > peak) peak = value;
    const fall = peak - value;
    if (fall > amount) amount = fall;
    // peak >= equity > 0 whenever figures are computed.
    const relative = peak > 0n ? Number(fall) / Number(peak) : 0;
    if (relative > ratio) ratio = relative;
  }
  return { amount, ratio };
}

/** Daily returns: P&L_t / current equity, each one float64 division. */
export function dailyReturns(pnl: readonly bigint[], equity: bigint): number[] {
  const e = Number(equity);
  return pnl.map((p) => Number(p) / e);
}

export function riskMetrics(input: RiskInput): RiskMetrics {
  const { pnl, scale, equity, decimals } = input;
  if (equity <= 0n) throw new RangeError('risk figures need a positive equity');
  if (pnl.length < 2) throw new RangeError('risk figures need two daily returns');
  if (decimals > scale) throw new RangeError('the answer cannot be finer than the P&L');
  const unit = 10n ** BigInt(scale - decimals);
  const up = (loss: bigint) => divCeil(loss, unit);
  const returns = dailyReturns(pnl, equity);
  const mu = mean(returns);
  const sigma = sampleStdev(returns);
  const downside = downsideDeviation(returns);
  const annual = Math.sqrt(TRADING_DAYS_PER_YEAR);
  const sorted = worstFirst(pnl);
  const es = (level: ConfidenceLevel) => {
    const { sum, count } = expectedShortfall(sorted, level);
    return divCeil(sum, BigInt(count) * unit);
  };
  // Mean ignored: z σ E, in float64, rounded half to even to the answer's decimals.
  const equityUnits = Number(equity) / Number(unit);
  const parametric = (z: number) => roundDoubleHalfEven(z * sigma * equityUnits, 0);
  const drawdown = maxDrawdown(equity, pnl);
  const benchmark = input.benchmarkReturns;
  if (benchmark !== null && benchmark.length !== pnl.length) throw new RangeError('the benchmark returns are not on the same days');
  return {
    meanDailyReturn: mu,
    dailyVolatility: sigma,
    historicalVar: { p95: up(historicalVar(sorted, 95)), p99: up(historicalVar(sorted, 99)) },
    parametricVar: { p95: parametric(Z_95), p99: parametric(Z_99) },
    expectedShortfall: { p95: es(95), p99: es(99) },
    sharpe: sigma === 0 ? null : (mu / sigma) * annual,
    sortino: downside === 0 ? null : (mu / downside) * annual,
    maxDrawdown: up(drawdown.amount),
    maxDrawdownRatio: drawdown.ratio,
    beta: benchmark === null ? null : beta(returns, benchmark),
  };
}
