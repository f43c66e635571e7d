import { divHalfEven } from './exact-rounding';

/*
 * The current portfolio replayed over past days (docs/analytics.md,
 * "Portfolio risk"): each exposure keeps today's quantity, and a day's P&L is
 * Σ quantity × (close_t − close_{t−1}), exact in bigint.
 */

export const DAY_MS = 86_400_000;
/** The windows GET /portfolio/risk offers, in days (daily returns). */
export const RISK_WINDOW_DAYS = [30, 90, 180, 365] as const;
export type RiskWindowDays = (typeof RISK_WINDOW_DAYS)[number];
export const DEFAULT_RISK_WINDOW_DAYS: RiskWindowDays = 90;

/**
 * The daily candles a window of `days` reads: the last complete UTC day
 * (today's candle is still moving) and the `days` before it, so `days + 1`
 * closes make at most `days` returns. Open times, inclusive.
 */
export function riskWindow(nowMs: number, days: number): { readonly fromMs: number; readonly toMs: number } {
  const toMs = Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS;
  return { fromMs: toMs - days * DAY_MS, toMs };
}

/** One price-bearing position now: a spot holding (long) or a perpetual position (signed). */
export interface Exposure {
  /** The market whose history moves it: the spot market the asset is valued through, or the perpetual. */
  readonly market: string;
  readonly kind: 'SPOT' | 'PERPETUAL';
  /** The base asset (BTC for BTC-USDT and BTC-PERP). */
  readonly asset: string;
  /** Signed (> 0 long), in 10^-quantityDecimals units of the asset. */
  readonly quantity: bigint;
  readonly quantityDecimals: number;
  /** The market's mark now, at its price scale. */
  readonly mark: bigint;
  readonly priceScale: number;
  /** quantity × mark in valuation units (10^-6), |…| rounded down, signed like the quantity. */
  readonly notional: bigint;
}

/** A market's daily closes: day open time (epoch ms) → close at `priceScale`. */
export interface DailyCloses {
  readonly market: string;
  readonly priceScale: number;
  readonly closes: ReadonlyMap<number, bigint>;
}

export interface SimulatedPnl {
  /** Open time of each day a return is counted for (the day of close_t). */
  readonly days: readonly number[];
  /** Σ quantity × Δclose per day, in 10^-scale valuation units. */
  readonly pnl: readonly bigint[];
  readonly scale: number;
  /** The benchmark's (close_t − close_{t−1}) / close_{t−1} on the same days; null without one. */
  readonly benchmarkReturns: readonly number[] | null;
}

/** The finest unit every exposure's daily P&L is an integer of: max(decimals, quantity decimals + price scale). */
export function pnlScale(exposures: readonly Exposure[], decimals: number): number {
  return exposures.reduce((s, e) => Math.max(s, e.quantityDecimals + e.priceScale), decimals);
}

/**
 * The days counted: a day t is counted when every market involved (each
 * exposure's, and the benchmark's) has a close on t and on t − 1 day.
 */
export function countedDays(series: readonly DailyCloses[]): number[] {
  const first = series[0];
  if (first === undefined) return [];
  const has = (day: number) => series.every((s) => s.closes.has(day));
  return [...first.closes.keys()].filter((day) => has(day) && has(day - DAY_MS)).sort((a, b) => a - b);
}

/**
 * The exact daily P&L of holding `exposures` over the days every market
 * involved has two consecutive closes for; `benchmark` (e.g. BTC-USDT) joins
 * the day selection so its returns line up.
 */
export function simulatePnl(exposures: readonly Exposure[], history: ReadonlyMap<string, DailyCloses>, benchmark: string | null, decimals: number): SimulatedPnl {
  const scale = pnlScale(exposures, decimals);
  const markets = [...new Set([...exposures.map((e) => e.market), ...(benchmark === null ? [] : [benchmark])])];
  const series = markets.map((m) => {
    const s = history.get(m);
    if (s === undefined) throw new RangeError(`no history for ${m}`);
    return s;
  });
  const days = countedDays(series);
  const legs = exposures.map((e) => ({ closes: history.get(e.market)!.closes, factor: e.quantity * 10n ** BigInt(scale - e.quantityDecimals - e.priceScale) }));
  const pnl = days.map((day) => legs.reduce((sum, leg) => sum + leg.factor * (leg.closes.get(day)! - leg.closes.get(day - DAY_MS)!), 0n));
  let benchmarkReturns: number[] | null = null;
  if (benchmark !== null) {
    const closes = history.get(benchmark)!.closes;
    benchmarkReturns = days.map((day) => {
      const before = closes.get(day - DAY_MS)!;
      return Number(closes.get(day)! - before) / Number(before);
    });
  }
  return { days, pnl, scale, benchmarkReturns };
}

/** Gross, long, short (as a positive amount) and net notional of some exposures, valuation units. */
export interface ExposureTotals {
  readonly gross: bigint;
  readonly long: bigint;
  readonly short: bigint;
  readonly net: bigint;
}

export interface ExposureGroup extends ExposureTotals {
  readonly key: string;
  /** gross / the portfolio's gross, 8 decimals, half to even (exact); null when the portfolio's gross is 0. */
  readonly share: bigint | null;
}

export function exposureTotals(exposures: readonly Exposure[]): ExposureTotals {
  let long = 0n;
  let short = 0n;
  for (const e of exposures) {
    if (e.notional >= 0n) long += e.notional;
    else short -= e.notional;
  }
  return { gross: long + short, long, short, net: long - short };
}

/** Exposures grouped by `keyOf`, by key; shares at 8 decimals of the total gross. */
export function exposureGroups(exposures: readonly Exposure[], keyOf: (e: Exposure) => string, shareDecimals: number): ExposureGroup[] {
  const total = exposureTotals(exposures).gross;
  const groups = new Map<string, Exposure[]>();
  for (const e of exposures) groups.set(keyOf(e), [...(groups.get(keyOf(e)) ?? []), e]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, members]) => {
      const totals = exposureTotals(members);
      return { key, ...totals, share: total === 0n ? null : divHalfEven(totals.gross * 10n ** BigInt(shareDecimals), total) };
    });
}
