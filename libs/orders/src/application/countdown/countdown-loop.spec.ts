import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, LeadershipService } from '@lib/platform';
import { MarketError, MarketErrorCode } from '@lib/market';
import { OrdersError, OrdersErrorCode } from '../../domain';
import { CancelAllOrdersCommand } from '../commands/cancel-all-orders/cancel-all-orders.command';
import { ALL_MARKETS, COUNTDOWN_EXPIRED_REASON, Countdown, CountdownRepository, isCountdownMs } from './countdown';
import { CountdownLoop } from './countdown-loop';

/** The rows in memory; `due` answers all of them (their deadlines are past). */
class MemoryCountdowns extends CountdownRepository {
  rows: Countdown[] = [];
  async arm(): Promise<Date> {
    throw new Error('not used');
  }
  async clear(): Promise<void> {}
  async due(limit: number): Promise<Countdown[]> {
    return this.rows.slice(0, limit);
  }
  async remove(c: Countdown): Promise<boolean> {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => !(r.userId === c.userId && r.symbol === c.symbol && r.deadline.getTime() === c.deadline.getTime()));
    return this.rows.length < before;
  }
}

describe('CountdownLoop', () => {
  const deadline = new Date('2026-11-21T10:00:00.000Z');
  let repo: MemoryCountdowns;
  let sent: CancelAllOrdersCommand[];
  let fail: (c: CancelAllOrdersCommand) => Error | undefined;
  let loop: CountdownLoop;

  beforeEach(() => {
    repo = new MemoryCountdowns();
    sent = [];
    fail = () => undefined;
    const commands = {
      execute: async (c: CancelAllOrdersCommand) => {
        sent.push(c);
        const error = fail(c);
        if (error) throw error;
        return { canceled: [] };
      },
    } as unknown as CommandBus;
    loop = new CountdownLoop({ orders: { countdownPollMs: 250 } } as AppConfig, {} as LeadershipService, repo, commands);
  });

  it('cancels the user\'s orders of the market (or of every market) with COUNTDOWN_EXPIRED, then deletes the row', async () => {
    repo.rows = [
      { userId: 'u1', symbol: ALL_MARKETS, deadline },
      { userId: 'u2', symbol: 'BTC-USDT', deadline },
    ];
    await loop.round();
    expect(sent.map((c) => [c.userId, c.symbol, c.reason])).toEqual([
      ['u1', undefined, COUNTDOWN_EXPIRED_REASON],
      ['u2', 'BTC-USDT', COUNTDOWN_EXPIRED_REASON],
    ]);
    expect(repo.rows).toEqual([]);
    await loop.round();
    expect(sent).toHaveLength(2);
  });

  it('keeps a countdown whose cancel failed and tries it again after a backoff; drops one of a market that no longer exists', async () => {
    jest.useFakeTimers({ now: deadline });
    try {
      repo.rows = [
        { userId: 'u1', symbol: 'BTC-USDT', deadline },
        { userId: 'u2', symbol: 'GONE-USDT', deadline },
      ];
      fail = (c) => (c.symbol === 'GONE-USDT' ? new MarketError(MarketErrorCode.MARKET_NOT_FOUND, 'No market GONE-USDT') : new OrdersError(OrdersErrorCode.MARKET_BUSY, 'busy'));
      await loop.round();
      expect(repo.rows.map((r) => r.symbol)).toEqual(['BTC-USDT']);
      await loop.round(); // within the backoff: not sent again
      expect(sent).toHaveLength(2);
      jest.setSystemTime(deadline.getTime() + 1000);
      fail = () => undefined;
      await loop.round();
      expect(sent).toHaveLength(3);
      expect(repo.rows).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('accepts 0 and 1000..600000 ms, whole numbers only', () => {
    expect([0, 1000, 600_000].map(isCountdownMs)).toEqual([true, true, true]);
    expect([1, 999, 600_001, -1000, 1000.5, NaN, Infinity].map(isCountdownMs)).toEqual([false, false, false, false, false, false, false]);
  });
});
