import { WatchlistsError, WatchlistsErrorCode } from '@lib/watchlists';
import { statusOfDomainError } from '../http/domain-error-status';
import { toProblem } from '../http/problem-details.mapper';

describe('watchlists errors over HTTP', () => {
  it.each([
    [WatchlistsErrorCode.INVALID_WATCHLIST_NAME, 400],
    [WatchlistsErrorCode.INVALID_POSITION, 400],
    [WatchlistsErrorCode.DUPLICATE_SYMBOL, 400],
    [WatchlistsErrorCode.WATCHLIST_NOT_FOUND, 404],
    [WatchlistsErrorCode.WATCHLIST_NAME_TAKEN, 409],
    [WatchlistsErrorCode.UNKNOWN_SYMBOL, 422],
    [WatchlistsErrorCode.WATCHLIST_LIMIT, 422],
    [WatchlistsErrorCode.WATCHLIST_SYMBOLS_LIMIT, 422],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfDomainError(new WatchlistsError(code, 'message'))).toBe(status);
  });

  it('is a problem carrying the limit', () => {
    const mapped = toProblem(new WatchlistsError(WatchlistsErrorCode.WATCHLIST_LIMIT, 'too many', { limit: 20 }), '/api/v1/watchlists', 'r1');
    expect(mapped.problem).toMatchObject({ status: 422, code: 'WATCHLIST_LIMIT', limit: 20, type: 'urn:exchange:problem:WATCHLIST_LIMIT' });
  });
});
