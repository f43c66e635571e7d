import { CandleInterval, HistoryOrigin, InstrumentKind, MarketStatus, PriceType } from '../domain';

/** An instrument on the wire: every size, price and rate a decimal string at its scale. */
export interface InstrumentView {
  readonly symbol: string;
  readonly name: string;
  readonly kind: InstrumentKind;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly status: MarketStatus;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly minQuantity: string;
  readonly minNotional: string;
  readonly makerFeeRate: string;
  readonly takerFeeRate: string;
  readonly maxLeverage: number;
  readonly priceBandRate: string;
  readonly maintenanceMarginTiers: readonly { readonly maxNotional: string | null; readonly rate: string }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Prices at the market's price scale; null until the feed has priced the market. */
export interface TickerView {
  readonly index: string | null;
  readonly mark: string | null;
  /** Last trade price: null until trading exists. */
  readonly last: string | null;
  readonly open24h: string | null;
  readonly high24h: string | null;
  readonly low24h: string | null;
  /** Percent change of the mark price over 24 h (or since the history began), 2 decimals: "-1.25". */
  readonly change24h: string | null;
  readonly updatedAt: string | null;
}

export interface MarketView extends InstrumentView {
  readonly ticker: TickerView;
}

export interface PriceView {
  readonly symbol: string;
  readonly index: string;
  readonly mark: string;
  readonly seq: number;
  readonly ts: string;
  /** Perpetuals, when the risk context answers: the predicted funding rate (8 decimals) and when it is paid. */
  readonly fundingRate?: string;
  readonly nextFundingTime?: string;
}

export interface KlineView {
  readonly openTime: string;
  readonly closeTime: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
}

export interface KlinesView {
  readonly symbol: string;
  readonly source: PriceType;
  readonly interval: CandleInterval;
  readonly candles: readonly KlineView[];
}

/** A candle of GET /markets/:symbol/history: a kline with where it comes from. */
export interface HistoryCandleView extends KlineView {
  readonly origin: HistoryOrigin;
}

export interface PriceHistoryView {
  readonly symbol: string;
  readonly interval: CandleInterval;
  readonly candles: readonly HistoryCandleView[];
  /** Present when any candle is SYNTHETIC: they are a seeded walk, not market data. */
  readonly note?: string;
}

export interface FeedStatusView {
  /** This process. */
  readonly instanceId: string;
  readonly enabled: boolean;
  /** This instance holds the feed lease and runs the feed. */
  readonly leader: boolean;
  readonly leaderSince: string | null;
  readonly intervalMs: number;
  /** Ticks this instance produced since it became leader. */
  readonly ticks: number;
  /** The leader found the feed paused by an admin at its last tick (false on other instances). */
  readonly paused: boolean;
  readonly lastTickAt: string | null;
}

export interface PriceShockDetails {
  readonly from: string | null;
  readonly to: string;
  readonly percent?: string;
  readonly overSeconds?: number;
}

/** An admin's candle import (POST /admin/markets/:symbol/candles/import); CANDLES_IMPORTED audit details. */
export interface CandleImportView {
  readonly importId: string;
  readonly symbol: string;
  readonly interval: string;
  /** Candles written (new or replacing). */
  readonly candles: number;
  /** Of those, how many replaced a candle imported before (same bucket). */
  readonly replaced: number;
  /** The first and last open time of the file (ISO 8601). */
  readonly from: string;
  readonly to: string;
  /** SHA-256 of the file as received (hex): the audit's evidence of what was loaded. */
  readonly sha256: string;
  readonly importedAt: string;
}

export interface MarketAuditEntryView {
  readonly id: string;
  /** null: the platform itself (the continuous reconciliation halting a market, with its `reason`). */
  readonly adminId: string | null;
  readonly action: 'MARKET_CREATED' | 'MARKET_UPDATED' | 'PRICE_SHOCK' | 'CANDLES_IMPORTED';
  readonly symbol: string;
  readonly before: InstrumentView | null;
  readonly after: InstrumentView;
  /**
   * PRICE_SHOCK only: the mark before (null when the market had none) and the requested price; a percent shock
   * (POST .../price-shock) also has `percent` and `overSeconds`, and `from` is then the index it starts from.
   */
  readonly details?: PriceShockDetails | CandleImportView;
  /** Why, when the change said (absent otherwise). */
  readonly reason?: string;
  readonly createdAt: string;
}

/** An accepted price shock: the feed leader's next tick publishes `price`. */
export interface PriceShockView {
  readonly symbol: string;
  readonly price: string;
  /** The mark this instance knew when the request was accepted. */
  readonly previousMark: string | null;
  readonly requestedAt: string;
}

/** An accepted percent shock: the index of every market in `symbols` moves linearly from `fromIndex` to `toIndex`. */
export interface PercentShockView {
  readonly symbol: string;
  /** The markets that move together: the same base and quote asset (the walk they share). */
  readonly symbols: readonly string[];
  readonly percent: string;
  readonly overSeconds: number;
  /** `symbol`'s index when the request was accepted, and where it ends (market price units, on its tick). */
  readonly fromIndex: string;
  readonly toIndex: string;
  readonly startsAt: string;
  readonly endsAt: string;
}
