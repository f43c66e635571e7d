import { OrdersError, OrdersErrorCode } from '../../domain';
import { retryWhileBusy } from './market-busy-retry';

const busy = () => new OrdersError(OrdersErrorCode.MARKET_BUSY, 'busy');

describe('retryWhileBusy', () => {
  it('tries again while the market is busy, and answers the first success', async () => {
    let calls = 0;
    const answer = await retryWhileBusy(async () => (++calls < 3 ? Promise.reject(busy()) : 'done'), 5, 0);
    expect({ answer, calls }).toEqual({ answer: 'done', calls: 3 });
  });

  it('gives up after the last attempt with the busy refusal, and never retries another error', async () => {
    let calls = 0;
    await expect(retryWhileBusy(() => (calls++, Promise.reject(busy())), 3, 0)).rejects.toMatchObject({ code: OrdersErrorCode.MARKET_BUSY });
    expect(calls).toBe(3);
    calls = 0;
    const other = new OrdersError(OrdersErrorCode.MARKET_HALTED, 'halted');
    await expect(retryWhileBusy(() => (calls++, Promise.reject(other)), 3, 0)).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});
