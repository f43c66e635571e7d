/** The candles a simulation reads: columns of one market's history, ascending, prices in price units. */
export interface CandleColumns {
  /** Epoch ms of each candle's open. */
  readonly openTime: Float64Array;
  readonly open: BigInt64Array;
  readonly close: BigInt64Array;
}

/** How much of the equity an entry may use: all of it, or a fixed fraction (ppm, 1..1,000,000). */
export type Sizing = { readonly kind: 'ALL_IN' } | { readonly kind: 'FRACTION'; readonly ppm: bigint };

export interface SimulationSettings {
  /** Quote smallest units (10^-quoteDecimals). */
  readonly initialCapital: bigint;
  /** Taker fee on each fill's notional, ppm. */
  readonly feePpm: bigint;
  /** 0..1000: the fill price moves this many basis points against the trader. */
  readonly slippageBps: bigint;
  readonly sizing: Sizing;
  /** The candles' interval (a candle closes at openTime + intervalMs). */
  readonly intervalMs: number;
}

/** A settled funding time of a perpetual: paid by the position held then (RATE_E8: 1e-8). */
export interface FundingCharge {
  readonly time: number;
  readonly rateE8: bigint;
  /** The mark it was settled at (price units). */
  readonly mark: bigint;
}

/** One round trip. Prices in price units, quantity in quantity units, money in quote smallest units. */
export interface Trade {
  readonly side: 'LONG' | 'SHORT';
  readonly entryTime: number;
  readonly entryPrice: bigint;
  /** null while still open at the end (then valued at the last close, without an exit fee). */
  readonly exitTime: number | null;
  readonly exitPrice: bigint | null;
  readonly quantity: bigint;
  /** Entry and exit fees. */
  readonly fees: bigint;
  /** Funding received (+) or paid (-) while open (perpetuals). */
  readonly funding: bigint;
  /** (exit - entry) notional for a long (entry - exit for a short), less the fees, plus the funding. */
  readonly pnl: bigint;
}

export interface EquityPoint {
  /** The candle's close time (epoch ms). */
  readonly time: number;
  readonly equity: bigint;
}

export interface SimulationOutcome {
  readonly initialCapital: bigint;
  readonly finalEquity: bigint;
  /** In order; the last may be open. At most MAX_TRADES_KEPT (the metrics count all of them). */
  readonly trades: readonly Trade[];
  readonly tradeCount: number;
  readonly closedTrades: number;
  readonly winningTrades: number;
  /** Sums of the closed trades' positive and negative pnl. */
  readonly grossProfit: bigint;
  readonly grossLoss: bigint;
  readonly fees: bigint;
  readonly funding: bigint;
  /** Equity at every candle's close, downsampled to at most MAX_CURVE_POINTS (+ the start). */
  readonly equityCurve: readonly EquityPoint[];
  /** Equity at the last close of each UTC day, in order. */
  readonly dailyEquity: readonly bigint[];
  /** Largest fall from a running peak of the close equity, as a fraction of that peak. */
  readonly maxDrawdown: number;
  readonly candles: number;
  /** Candles during which a position was held. */
  readonly candlesInPosition: number;
  /** ms from the first candle's open to the last one's close. */
  readonly spanMs: number;
  /** Signals whose order was below the market's minimum quantity or notional (not traded). */
  readonly skippedSignals: number;
}

export const MAX_CURVE_POINTS = 1000;
export const MAX_TRADES_KEPT = 20_000;
export const DAY_MS = 86_400_000;
