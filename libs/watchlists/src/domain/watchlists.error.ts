import { DomainError } from '@lib/kernel';

export enum WatchlistsErrorCode {
  INVALID_WATCHLIST_NAME = 'INVALID_WATCHLIST_NAME',
  INVALID_POSITION = 'INVALID_POSITION',
  DUPLICATE_SYMBOL = 'DUPLICATE_SYMBOL',
  UNKNOWN_SYMBOL = 'UNKNOWN_SYMBOL',
  WATCHLIST_NOT_FOUND = 'WATCHLIST_NOT_FOUND',
  WATCHLIST_NAME_TAKEN = 'WATCHLIST_NAME_TAKEN',
  WATCHLIST_LIMIT = 'WATCHLIST_LIMIT',
  WATCHLIST_SYMBOLS_LIMIT = 'WATCHLIST_SYMBOLS_LIMIT',
}

export class WatchlistsError extends DomainError<WatchlistsErrorCode> {
  readonly context = 'watchlists';

  constructor(code: WatchlistsErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
