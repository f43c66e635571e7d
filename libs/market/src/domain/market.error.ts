import { DomainError } from '@lib/kernel';

export enum MarketErrorCode {
  /** No instrument with this symbol. */
  MARKET_NOT_FOUND = 'MARKET_NOT_FOUND',
  /** A market with this symbol exists already. */
  MARKET_EXISTS = 'MARKET_EXISTS',
  /** An admin's market definition or change breaks a rule; `field` and `reason` say which. */
  INVALID_MARKET_SPEC = 'INVALID_MARKET_SPEC',
  /** `from` is after `to` in a klines or history request. */
  INVALID_TIME_RANGE = 'INVALID_TIME_RANGE',
  /** An admin's candle file with a bad header or bad rows (`problems` lists the first ones by line); nothing was imported. */
  INVALID_CANDLE_IMPORT = 'INVALID_CANDLE_IMPORT',
  /** A price-history read of more than MAX_HISTORY_CANDLES candles. */
  HISTORY_RANGE_TOO_LARGE = 'HISTORY_RANGE_TOO_LARGE',
  /** The feed has not produced a price for this market yet. */
  MARK_PRICE_UNAVAILABLE = 'MARK_PRICE_UNAVAILABLE',
  /** A price shock on a feed that is not the simulated one (a real source is never moved by hand). */
  PRICE_SOURCE_NOT_SIMULATED = 'PRICE_SOURCE_NOT_SIMULATED',
}

export class MarketError extends DomainError<MarketErrorCode> {
  readonly context = 'market';

  constructor(code: MarketErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}

export function marketNotFound(symbol: string): MarketError {
  return new MarketError(MarketErrorCode.MARKET_NOT_FOUND, `No market ${symbol}`, { symbol });
}
