// The public face of the market context.
export { MarketModule } from './market.module';
export { CreateMarketCommand } from './application/commands/create-market/create-market.command';
export { UpdateMarketCommand } from './application/commands/update-market/update-market.command';
export { SetFeedPausedCommand, type FeedControlView } from './application/commands/set-feed-paused/set-feed-paused.command';
export { ShockPriceCommand } from './application/commands/shock-price/shock-price.command';
export { ImportCandlesCommand } from './application/commands/import-candles/import-candles.command';
export { GetInstrumentQuery } from './application/queries/get-instrument/get-instrument.query';
export { ListInstrumentsQuery } from './application/queries/list-instruments/list-instruments.query';
export { GetMarkPriceQuery } from './application/queries/get-mark-price/get-mark-price.query';
export { GetPriceQuery } from './application/queries/get-price/get-price.query';
export { ComputeMarkPriceQuery, GetPerpFundingQuery, type ComputedMark } from './application/queries/compute-mark-price/compute-mark-price.query';
export { ShockIndexCommand } from './application/commands/shock-price/shock-index.command';
export { GetMarketQuery } from './application/queries/get-market/get-market.query';
export { ListMarketsQuery } from './application/queries/list-markets/list-markets.query';
export { ListMoversQuery, MoverRanking } from './application/queries/list-movers/list-movers.query';
export { GetKlinesQuery } from './application/queries/get-klines/get-klines.query';
export { GetPriceHistoryQuery } from './application/queries/get-price-history/get-price-history.query';
export { GetHistoryCandlesQuery } from './application/queries/get-history-candles/get-history-candles.query';
export { GetFeedStatusQuery } from './application/queries/get-feed-status/get-feed-status.query';
export { ListMarketAuditQuery } from './application/queries/list-market-audit/list-market-audit.query';
export {
  INDEX_PRICE_UPDATED,
  MARK_PRICE_UPDATED,
  TICKER_UPDATED,
  MARKET_UPDATED,
  CANDLE_CLOSED,
  CandleClosed,
  type CandleClosedPayload,
  IndexPriceUpdated,
  MarkPriceUpdated,
  TickerUpdated,
  type IndexPriceUpdatedPayload,
  type MarkPriceUpdatedPayload,
  type TickerUpdatedPayload,
  type MarketUpdatedPayload,
} from './application/events';
export { PriceSource, type LastPrice } from './application/ports/price-source.port';
export type * from './application/views';
export {
  CANDLE_INTERVALS,
  CandleInterval,
  InstrumentKind,
  MarketError,
  MarketErrorCode,
  MarketStatus,
  PriceType,
  RATE_ONE,
  RATE_SCALE,
  type Instrument,
  type MarginTier,
  type MarkPrice,
  type PerpFunding,
  type MarketChanges,
  type MarketDefinition,
  HISTORY_ORIGINS,
  HISTORY_ORIGIN_CODES,
  INTERVAL_MS,
  MAX_HISTORY_CANDLES,
  allocateHistory,
  historyLength,
  type HistoryOrigin,
  type HistorySeries,
  MAX_IMPORT_ROWS,
  MAX_IMPORT_PROBLEMS,
  type CandleImportProblem,
} from './domain';
export { FEED_LEASE } from './infrastructure/feed/price-feed';
export { MARKET_ENTITIES, MARKET_MIGRATIONS } from './infrastructure/schema';
