import type { InsufficientHistoryReason } from '../domain';

/*
 * GET /portfolio/risk (docs/analytics.md, "Portfolio risk"). Money in the
 * valuation currency (USDT, 6 decimals) as decimal strings; dimensionless
 * statistics as decimal strings with 8 decimals (float64, half to even).
 */

export interface LevelPairView {
  readonly p95: string;
  readonly p99: string;
}

export interface RiskFiguresView {
  /** Mean of r_t = P&L_t / equity. */
  readonly meanDailyReturn: string;
  /** Sample standard deviation of r_t (n − 1). */
  readonly dailyVolatility: string;
  /** Losses (>= 0) over one day. */
  readonly valueAtRisk: { readonly historical: LevelPairView; readonly parametric: LevelPairView };
  readonly expectedShortfall: LevelPairView;
  /** mean / volatility × √365; null when the volatility is 0. */
  readonly sharpe: string | null;
  /** mean / downside deviation × √365; null when no day lost. */
  readonly sortino: string | null;
  readonly maxDrawdown: string;
  readonly maxDrawdownRatio: string;
  /** cov(r, r_BTC) / var(r_BTC); null without BTC-USDT or when it did not move. */
  readonly beta: string | null;
}

export interface ExposureTotalsView {
  readonly gross: string;
  readonly long: string;
  /** Short notional as a positive amount. */
  readonly short: string;
  /** long − short. */
  readonly net: string;
}

export interface ExposureAssetView extends ExposureTotalsView {
  readonly asset: string;
  /** gross / the portfolio's gross, 8 decimals; null when that is 0. */
  readonly share: string | null;
}

export interface ExposureMarketView extends ExposureAssetView {
  readonly symbol: string;
  readonly kind: 'SPOT' | 'PERPETUAL';
  /** Signed: > 0 long. */
  readonly quantity: string;
  /** The mark the notional was valued at (the market's price scale). */
  readonly mark: string;
}

export interface RiskHistoryView {
  readonly symbol: string;
  /** Daily candles the window found for it. */
  readonly candles: number;
  readonly origins: { readonly SYNTHETIC: number; readonly LIVE: number; readonly IMPORTED: number };
  /** Some of its candles in the window are the seeded synthetic walk. */
  readonly synthetic: boolean;
}

export interface RiskView {
  readonly valuationCurrency: string;
  readonly asOf: string;
  readonly window: {
    readonly days: number;
    /** Open time of the first daily close used (close_0). */
    readonly from: string;
    /** Open time of the last: the last complete UTC day. */
    readonly to: string;
  };
  /** The current equity (as GET /portfolio totals.equity). */
  readonly equity: string;
  /** USDT and USD held (SPOT + MARGIN): no price risk. */
  readonly cash: string;
  /** Daily returns counted. */
  readonly returns: number;
  readonly insufficientHistory: boolean;
  readonly reason: { readonly code: InsufficientHistoryReason; readonly message: string } | null;
  /** null when insufficientHistory. */
  readonly figures: RiskFiguresView | null;
  readonly exposure: ExposureTotalsView & { readonly byAsset: readonly ExposureAssetView[]; readonly byMarket: readonly ExposureMarketView[] };
  /** The market beta is measured against (BTC-USDT), null when it is not listed. */
  readonly benchmark: string | null;
  readonly history: readonly RiskHistoryView[];
  /** Markets whose history in the window is (partly) synthetic. */
  readonly syntheticHistory: readonly string[];
  /** Held assets and perpetual markets left out of the simulation (no mark, or a settlement asset that is not cash). */
  readonly excluded: readonly string[];
}
