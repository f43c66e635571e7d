/** What the portfolio context answers: decimal strings for every amount, valuation amounts in USDT with 6 decimals (rounded down). */

export interface AccountSplitView {
  readonly available: string;
  readonly locked: string;
  readonly total: string;
}

/** The market an asset was valued through, and the mark used. */
export interface PricingView {
  /** e.g. BTC-USDT; null for cash (USDT, USD = 1). */
  readonly symbol: string | null;
  /** Valuation currency per whole unit, at the market's price scale ("1" for cash). */
  readonly mark: string;
  /** When the feed produced that mark (null for cash). */
  readonly at: string | null;
}

export interface HoldingView {
  readonly asset: string;
  /** SPOT + MARGIN, at the asset's decimals. */
  readonly total: string;
  readonly available: string;
  readonly locked: string;
  readonly spot: AccountSplitView;
  readonly margin: AccountSplitView;
  /** null when no market prices the asset (or no mark yet): value, cost and PnL are then null too. */
  readonly price: PricingView | null;
  /** total x mark, rounded down. */
  readonly value: string | null;
  /** The average cost of what is held (fees included). */
  readonly costBasis: string | null;
  /** costBasis per whole unit, rounded down. */
  readonly averageCost: string | null;
  /** value - costBasis. */
  readonly unrealizedPnl: string | null;
  /** unrealizedPnl / costBasis in percent, 2 decimals truncated toward zero; null without a cost. */
  readonly unrealizedPnlPercent: string | null;
  /** What sales of this asset realized over their average cost (net of fees). */
  readonly realizedPnl: string;
}

export interface PortfolioTotalsView {
  /** Sum of the priced holdings' values. */
  readonly equity: string;
  readonly cost: string;
  readonly unrealizedPnl: string;
  readonly unrealizedPnlPercent: string | null;
  /** Over every asset ever sold, held or not. */
  readonly realizedPnl: string;
}

/** A settlement asset's perpetual positions: the MARGIN balance (among the holdings too) and the open positions' unrealized PnL, which the totals include. */
export interface PerpetualsView {
  readonly asset: string;
  readonly walletBalance: string;
  readonly unrealizedPnl: string;
  /** walletBalance + unrealizedPnl. */
  readonly marginBalance: string;
  /** The unrealized PnL in the valuation currency (null when the asset has no price). */
  readonly value: string | null;
}

export interface PortfolioView {
  readonly valuationCurrency: string;
  readonly asOf: string;
  readonly holdings: readonly HoldingView[];
  readonly perpetuals: readonly PerpetualsView[];
  readonly totals: PortfolioTotalsView;
  /** Held assets no market priced (excluded from the totals). */
  readonly unpricedAssets: readonly string[];
}

export interface PortfolioSummaryView extends PortfolioTotalsView {
  readonly valuationCurrency: string;
  readonly asOf: string;
  readonly counts: {
    /** Assets with a non-zero balance. */
    readonly assetsHeld: number;
    readonly openOrders: number;
    /** Fills the portfolio has accounted for. */
    readonly fills: number;
  };
}

export interface PerformancePointView {
  readonly time: string;
  readonly equity: string;
  readonly cost: string;
  readonly realizedPnl: string;
  /** false for a stored snapshot, true for the last point computed now. */
  readonly live: boolean;
}

export interface PerformanceView {
  readonly valuationCurrency: string;
  readonly interval: string;
  readonly from: string;
  readonly to: string;
  readonly points: readonly PerformancePointView[];
}
