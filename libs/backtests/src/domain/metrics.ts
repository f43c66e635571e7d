import { exactRatio, ratioOf } from './ratio';
import { DAY_MS, SimulationOutcome } from './simulation';

/** Days in a year for the annualised figures (crypto markets trade every day). */
export const DAYS_PER_YEAR = 365;

/**
 * The figures of a simulation (docs/analytics.md, "Backtests", has every formula). Money in quote
 * smallest units; ratios as decimal strings rounded half-even to 8 decimals, null when undefined
 * (no closed trade, no loss, fewer than two daily returns, a flat equity).
 */
export interface BacktestMetrics {
  readonly initialCapital: bigint;
  readonly finalEquity: bigint;
  readonly pnl: bigint;
  readonly fees: bigint;
  readonly funding: bigint;
  readonly totalReturn: string;
  readonly cagr: string | null;
  readonly sharpe: string | null;
  readonly maxDrawdown: string;
  readonly winRate: string | null;
  readonly profitFactor: string | null;
  readonly exposure: string;
  readonly trades: number;
  readonly closedTrades: number;
  readonly winningTrades: number;
  readonly skippedSignals: number;
}

export function metricsOf(o: SimulationOutcome): BacktestMetrics {
  return {
    initialCapital: o.initialCapital,
    finalEquity: o.finalEquity,
    pnl: o.finalEquity - o.initialCapital,
    fees: o.fees,
    funding: o.funding,
    totalReturn: exactRatio(o.finalEquity - o.initialCapital, o.initialCapital),
    cagr: cagrOf(o),
    sharpe: sharpeOf(o.initialCapital, o.dailyEquity),
    maxDrawdown: ratioOf(o.maxDrawdown) ?? '0.00000000',
    winRate: o.closedTrades === 0 ? null : exactRatio(BigInt(o.winningTrades), BigInt(o.closedTrades)),
    profitFactor: o.grossLoss === 0n ? null : exactRatio(o.grossProfit, o.grossLoss),
    exposure: exactRatio(BigInt(o.candlesInPosition), BigInt(o.candles)),
    trades: o.tradeCount,
    closedTrades: o.closedTrades,
    winningTrades: o.winningTrades,
    skippedSignals: o.skippedSignals,
  };
}

/** (final / initial)^(1 / years) - 1, years = span / 365 days; -1 when the equity is gone; null when it overflows a double. */
export function cagrOf(o: Pick<SimulationOutcome, 'initialCapital' | 'finalEquity' | 'spanMs'>): string | null {
  if (o.finalEquity <= 0n) return ratioOf(-1);
  const years = o.spanMs / (DAYS_PER_YEAR * DAY_MS);
  return ratioOf(Math.pow(Number(o.finalEquity) / Number(o.initialCapital), 1 / years) - 1);
}

/**
 * mean(r) / stdev(r) x sqrt(365) over the daily returns r_d = E_d / E_(d-1) - 1, where E_d is the
 * equity at the last close of UTC day d and E_0 the initial capital; stdev is the sample one (n - 1).
 */
export function sharpeOf(initial: bigint, daily: readonly bigint[]): string | null {
  const returns: number[] = [];
  let previous = Number(initial);
  for (const e of daily) {
    const equity = Number(e);
    if (previous > 0) returns.push(equity / previous - 1);
    previous = equity;
  }
  if (returns.length < 2) return null;
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
  if (variance === 0) return null;
  return ratioOf((mean / Math.sqrt(variance)) * Math.sqrt(DAYS_PER_YEAR));
}
