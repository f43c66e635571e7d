import { MarketError, MarketErrorCode } from '@lib/market';
import { statusOfDomainError } from './domain-error-status';
import { toProblem } from './problem-details.mapper';

describe('market errors over HTTP', () => {
  it.each([
    [MarketErrorCode.INVALID_MARKET_SPEC, 400],
    [MarketErrorCode.INVALID_TIME_RANGE, 400],
    [MarketErrorCode.HISTORY_RANGE_TOO_LARGE, 400],
    [MarketErrorCode.INVALID_CANDLE_IMPORT, 400],
    [MarketErrorCode.MARKET_NOT_FOUND, 404],
    [MarketErrorCode.MARKET_EXISTS, 409],
    [MarketErrorCode.MARK_PRICE_UNAVAILABLE, 503],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfDomainError(new MarketError(code, 'message'))).toBe(status);
  });

  it('is a problem with the code, the details and Retry-After when given', () => {
    const mapped = toProblem(new MarketError(MarketErrorCode.MARK_PRICE_UNAVAILABLE, 'No price for BTC-USDT yet', { symbol: 'BTC-USDT', retryAfterSeconds: 1 }), '/x', 'r1');
    expect(mapped.problem).toMatchObject({ status: 503, code: 'MARK_PRICE_UNAVAILABLE', symbol: 'BTC-USDT', type: 'urn:exchange:problem:MARK_PRICE_UNAVAILABLE' });
    expect(mapped.headers['retry-after']).toBe('1');
  });
});
