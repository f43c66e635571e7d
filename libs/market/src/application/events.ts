/*
 * What the market context tells the others. Price events are published on the
 * in-process CQRS EventBus of the feed leader only, once per market per tick:
 * they carry no money effect and are superseded by the next tick, so they do
 * not go through the outbox (a lost tick is harmless; the latest price is
 * always readable with GetMarkPriceQuery on every instance). Catalog changes
 * are state changes and go through the outbox (MARKET_UPDATED).
 */

export const INDEX_PRICE_UPDATED = 'market.IndexPriceUpdated';
export const MARK_PRICE_UPDATED = 'market.MarkPriceUpdated';
export const TICKER_UPDATED = 'market.TickerUpdated';
/** A mark candle of some interval closed (the feed leader's first tick of the next bucket): signals evaluate on it. */
export const CANDLE_CLOSED = 'market.CandleClosed';
/** Outbox event: a market was created or an admin changed it (status, fees, leverage, band, tiers). */
export const MARKET_UPDATED = 'market.MarketUpdated';

/** Prices are decimal strings at the market's price scale. */
export interface IndexPriceUpdatedPayload {
  readonly symbol: string;
  readonly price: string;
  readonly seq: number;
  readonly ts: string;
}

export interface MarkPriceUpdatedPayload {
  readonly symbol: string;
  readonly markPrice: string;
  readonly indexPrice: string;
  readonly seq: number;
  readonly ts: string;
}

/**
 * What the /prices stream sends. `last` is the last trade price seen by this instance (null until a trade after boot).
 * Perpetuals add their funding (docs/risk.md): the predicted rate of the running interval and when it is paid.
 */
export interface TickerUpdatedPayload {
  readonly symbol: string;
  readonly index: string;
  readonly mark: string;
  readonly last: string | null;
  readonly change24h: string;
  readonly ts: string;
  /** Perpetuals only: the predicted funding rate, a decimal fraction with 8 decimals ("0.00010000" = 0.01 %). */
  readonly fundingRate?: string;
  /** Perpetuals only: when that rate is paid (ISO 8601). */
  readonly nextFundingTime?: string;
}

/**
 * A closed mark-price candle, in-process on the feed leader only (like the
 * price events): published once, by the tick that opens the next bucket of
 * that interval (so as late as the feed is, e.g. after a pause). Prices are
 * decimal strings at the market's price scale.
 */
export interface CandleClosedPayload {
  readonly symbol: string;
  /** '1m' | '5m' | '15m' | '1h' | '4h' | '1d'. */
  readonly interval: string;
  /** Epoch ms of the candle's open (aligned to the interval, UTC). */
  readonly openTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
}

/** Version 1, its first shape: no `version` field (docs/events.md). */
export type MarketUpdatedPayload = {
  readonly version?: 1;
  readonly symbol: string;
  readonly action: 'MARKET_CREATED' | 'MARKET_UPDATED';
  readonly status: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [MARKET_UPDATED]: MarketUpdatedPayload;
  }
}

export class IndexPriceUpdated {
  readonly type = INDEX_PRICE_UPDATED;
  constructor(readonly payload: IndexPriceUpdatedPayload) {}
}

export class MarkPriceUpdated {
  readonly type = MARK_PRICE_UPDATED;
  constructor(readonly payload: MarkPriceUpdatedPayload) {}
}

export class TickerUpdated {
  readonly type = TICKER_UPDATED;
  constructor(readonly payload: TickerUpdatedPayload) {}
}

export class CandleClosed {
  readonly type = CANDLE_CLOSED;
  constructor(readonly payload: CandleClosedPayload) {}
}
