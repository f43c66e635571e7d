import { OrdersError } from '../domain';
import { QueueShares, SHARE_MAX_WAIT_MS, SHARE_REFUSED_WINDOW_MS, SHARE_WAITING_WINDOWS, SHARE_WINDOW_MS } from './queue-shares';

describe('QueueShares', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Lets resolved admissions run their continuations. */
  const settle = () => jest.advanceTimersByTimeAsync(0);

  it('admits a user up to their share at once; the next waits for a place, which comes back no sooner than a window after it was taken', async () => {
    const shares = new QueueShares(3);
    const first = await Promise.all([0, 1, 2].map(() => shares.admit('BTC-USDT', 'u1')));
    expect(first.map((a) => a.ahead)).toEqual([0, 1, 2]);
    let fourth: { ahead: number; release(): void } | undefined;
    void shares.admit('BTC-USDT', 'u1').then((a) => (fourth = a));
    await settle();
    expect(fourth).toBeUndefined();
    // Answered at once: its place is still held until the window has passed.
    first[0]!.release();
    first[0]!.release();
    await settle();
    expect(fourth).toBeUndefined();
    await jest.advanceTimersByTimeAsync(SHARE_WINDOW_MS);
    expect(fourth?.ahead).toBe(2);
    expect(shares.pending('BTC-USDT', 'u1')).toBe(3);
    // Another market and another user have shares of their own.
    expect((await shares.admit('ETH-USDT', 'u1')).ahead).toBe(0);
    expect((await shares.admit('BTC-USDT', 'u2')).ahead).toBe(0);
  });

  it('holds the place of a refused command for a second', async () => {
    const shares = new QueueShares(1);
    const first = await shares.admit('BTC-USDT', 'u1');
    let second: unknown;
    void shares.admit('BTC-USDT', 'u1').then((a) => (second = a));
    first.release(true);
    await jest.advanceTimersByTimeAsync(SHARE_REFUSED_WINDOW_MS - 1);
    expect(second).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(second).toBeDefined();
  });

  it('gives a place back at once when the command took longer than the window', async () => {
    const shares = new QueueShares(1);
    const first = await shares.admit('BTC-USDT', 'u1');
    let second: unknown;
    void shares.admit('BTC-USDT', 'u1').then((a) => (second = a));
    await jest.advanceTimersByTimeAsync(SHARE_WINDOW_MS * 3);
    expect(second).toBeUndefined();
    first.release();
    await settle();
    expect(second).toBeDefined();
  });

  it('refuses with 429 details a command that waited too long, and at once one that could not get a place in time anyway', async () => {
    const shares = new QueueShares(2);
    await Promise.all([shares.admit('BTC-USDT', 'u1'), shares.admit('BTC-USDT', 'u1')]);
    const waitingRoom = 2 * SHARE_WAITING_WINDOWS;
    const waiting = Array.from({ length: waitingRoom }, () => shares.admit('BTC-USDT', 'u1'));
    const outcomes = waiting.map((w) => w.then(() => 'admitted', (error: unknown) => error));
    await expect(shares.admit('BTC-USDT', 'u1')).rejects.toMatchObject({ code: 'TOO_MANY_PENDING_ORDERS', details: { symbol: 'BTC-USDT', limit: 2, retryAfterSeconds: 1 } });
    await jest.advanceTimersByTimeAsync(SHARE_MAX_WAIT_MS);
    for (const outcome of await Promise.all(outcomes)) expect(outcome).toBeInstanceOf(OrdersError);
    expect(shares.pending('BTC-USDT', 'u1')).toBe(2);
  });

  it('forgets a user once all their commands are answered and their windows passed', async () => {
    const shares = new QueueShares(2);
    const a = await shares.admit('BTC-USDT', 'u1');
    const b = await shares.admit('BTC-USDT', 'u1');
    a.release();
    b.release();
    await jest.advanceTimersByTimeAsync(SHARE_WINDOW_MS);
    expect(shares.pending('BTC-USDT', 'u1')).toBe(0);
    expect((shares as unknown as { shares: Map<string, unknown> }).shares.size).toBe(0);
  });
});
