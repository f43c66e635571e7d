import { OrdersError } from '../domain';
import { QueueShares } from './queue-shares';

describe('QueueShares', () => {
  it('admits a user up to their share of one market, refuses the next at once with 429 details, and frees a place on release', () => {
    const shares = new QueueShares(3);
    const admitted = [0, 1, 2].map(() => shares.admit('BTC-USDT', 'u1'));
    expect(admitted.map((a) => a.ahead)).toEqual([0, 1, 2]);
    let refusal: unknown;
    try {
      shares.admit('BTC-USDT', 'u1');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OrdersError);
    expect(refusal).toMatchObject({ code: 'TOO_MANY_PENDING_ORDERS', details: { symbol: 'BTC-USDT', limit: 3, retryAfterSeconds: 1 } });
    // Another market and another user have shares of their own.
    expect(shares.admit('ETH-USDT', 'u1').ahead).toBe(0);
    expect(shares.admit('BTC-USDT', 'u2').ahead).toBe(0);
    admitted[0]!.release();
    admitted[0]!.release();
    expect(shares.pending('BTC-USDT', 'u1')).toBe(2);
    expect(shares.admit('BTC-USDT', 'u1').ahead).toBe(2);
  });

  it('forgets a user once all their commands are answered', () => {
    const shares = new QueueShares(2);
    const a = shares.admit('BTC-USDT', 'u1');
    const b = shares.admit('BTC-USDT', 'u1');
    a.release();
    b.release();
    expect(shares.pending('BTC-USDT', 'u1')).toBe(0);
    expect((shares as unknown as { inFlight: Map<string, number> }).inFlight.size).toBe(0);
  });
});
