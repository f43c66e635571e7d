import type { MarketView, TickerView } from '@lib/market';
import { Watchlist } from '../domain';

export interface WatchlistSymbolView {
  readonly symbol: string;
  /** The market's live ticker; null only for a market gone from the catalog since it was added. */
  readonly ticker: TickerView | null;
}

export interface WatchlistView {
  readonly id: string;
  readonly name: string;
  /** Its place (0-based) among the user's lists. */
  readonly position: number;
  readonly symbols: readonly WatchlistSymbolView[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function watchlistView(list: Watchlist, position: number, markets: ReadonlyMap<string, MarketView>): WatchlistView {
  return {
    id: list.id,
    name: list.name,
    position,
    symbols: list.symbols.map((symbol) => ({ symbol, ticker: markets.get(symbol)?.ticker ?? null })),
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  };
}
