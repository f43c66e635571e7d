import { OrdersError, OrdersErrorCode } from '@lib/orders';
import { statusOfDomainError } from './domain-error-status';
import { toProblem } from './problem-details.mapper';

describe('orders queue and repeat errors over HTTP', () => {
  it.each([
    [OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT, 409],
    [OrdersErrorCode.TOO_MANY_PENDING_ORDERS, 429],
    [OrdersErrorCode.MARKET_BUSY, 503],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfDomainError(new OrdersError(code, 'message'))).toBe(status);
  });

  it('answers a user past their share of a market with 429, its details and Retry-After', () => {
    const error = new OrdersError(OrdersErrorCode.TOO_MANY_PENDING_ORDERS, 'Too many of your orders are pending on BTC-USDT; retry shortly', {
      symbol: 'BTC-USDT',
      limit: 10,
      retryAfterSeconds: 1,
    });
    const mapped = toProblem(error, '/api/v1/orders', 'r1');
    expect(mapped.problem).toMatchObject({ status: 429, code: 'TOO_MANY_PENDING_ORDERS', symbol: 'BTC-USDT', limit: 10, retryAfterSeconds: 1 });
    expect(mapped.headers['retry-after']).toBe('1');
  });
});
