import { WatchlistsError, WatchlistsErrorCode } from './watchlists.error';

/** At most this many lists per user (WATCHLIST_LIMIT beyond). */
export const MAX_WATCHLISTS_PER_USER = 20;
/** At most this many symbols in one list (WATCHLIST_SYMBOLS_LIMIT beyond). */
export const MAX_SYMBOLS_PER_WATCHLIST = 100;
/** A name is 1 to 64 characters once trimmed. */
export const MAX_WATCHLIST_NAME_LENGTH = 64;

export interface Watchlist {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  /** Ordered as the user arranged them; each appears once. */
  readonly symbols: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface WatchlistChange {
  readonly name?: string;
  /** Replaces the whole ordered list of symbols. */
  readonly symbols?: readonly string[];
  /** The list's new place (0-based) among the user's lists. */
  readonly position?: number;
}

/** The trimmed name, or INVALID_WATCHLIST_NAME. Counted in code points, so an emoji is one character. */
export function watchlistName(raw: string): string {
  const name = raw.trim();
  const length = [...name].length;
  if (length < 1 || length > MAX_WATCHLIST_NAME_LENGTH) {
    throw new WatchlistsError(WatchlistsErrorCode.INVALID_WATCHLIST_NAME, `A watchlist name is 1 to ${MAX_WATCHLIST_NAME_LENGTH} characters`, {
      maxLength: MAX_WATCHLIST_NAME_LENGTH,
    });
  }
  return name;
}

/**
 * The symbols as given, checked: at most MAX_SYMBOLS_PER_WATCHLIST, none twice
 * (refused, not deduplicated: a client that sends a symbol twice has a bug worth
 * knowing about), each one a market of the catalog.
 */
export function watchlistSymbols(symbols: readonly string[], catalog: ReadonlySet<string>): string[] {
  if (symbols.length > MAX_SYMBOLS_PER_WATCHLIST) {
    throw new WatchlistsError(WatchlistsErrorCode.WATCHLIST_SYMBOLS_LIMIT, `A watchlist holds at most ${MAX_SYMBOLS_PER_WATCHLIST} symbols`, {
      limit: MAX_SYMBOLS_PER_WATCHLIST,
    });
  }
  const seen = new Set<string>();
  for (const symbol of symbols) {
    if (seen.has(symbol)) throw new WatchlistsError(WatchlistsErrorCode.DUPLICATE_SYMBOL, `${symbol} is in the list twice`, { symbol });
    seen.add(symbol);
  }
  for (const symbol of symbols) {
    if (!catalog.has(symbol)) throw new WatchlistsError(WatchlistsErrorCode.UNKNOWN_SYMBOL, `No market ${symbol}`, { symbol });
  }
  return [...symbols];
}

export function watchlistNotFound(): WatchlistsError {
  return new WatchlistsError(WatchlistsErrorCode.WATCHLIST_NOT_FOUND, 'Watchlist not found');
}
