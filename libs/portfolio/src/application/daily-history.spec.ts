import { QueryBus } from '@nestjs/cqrs';
import { FixedClock } from '@lib/kernel';
import { CandleInterval, GetPriceHistoryQuery, HistorySeries, allocateHistory } from '@lib/market';
import { DAILY_HISTORY_MAX_ENTRIES, DAILY_HISTORY_TTL_MS, DailyHistory } from './daily-history';

/** A QueryBus that answers an empty series per history query and counts them. */
class CountingBus {
  readonly asked: GetPriceHistoryQuery[] = [];
  fail = false;
  execute(query: GetPriceHistoryQuery): Promise<HistorySeries> {
    this.asked.push(query);
    return this.fail ? Promise.reject(new Error('down')) : Promise.resolve(allocateHistory(query.symbol, query.interval, 1, 0));
  }
}

describe('DailyHistory (the risk answers\' shared daily closes)', () => {
  const setup = () => {
    const bus = new CountingBus();
    const clock = new FixedClock(new Date('2026-06-01T12:00:00Z'));
    return { bus, clock, history: new DailyHistory(bus as unknown as QueryBus, clock) };
  };

  it('reads 1d candles once per market and days for a minute, concurrent callers included', async () => {
    const { bus, clock, history } = setup();
    const [a, b] = await Promise.all([history.read('BTC-USDT', 0, 86_400_000), history.read('BTC-USDT', 0, 86_400_000)]);
    expect(a).toBe(b);
    expect(bus.asked).toHaveLength(1);
    expect(bus.asked[0]).toMatchObject({ symbol: 'BTC-USDT', interval: CandleInterval.D1, fromMs: 0, toMs: 86_400_000 });
    await history.read('BTC-USDT', 0, 2 * 86_400_000);
    expect(bus.asked).toHaveLength(2);
    clock.advanceBy(DAILY_HISTORY_TTL_MS - 1);
    await history.read('BTC-USDT', 0, 86_400_000);
    expect(bus.asked).toHaveLength(2);
    clock.advanceBy(1);
    await history.read('BTC-USDT', 0, 86_400_000);
    expect(bus.asked).toHaveLength(3);
  });

  it('does not keep a failed read', async () => {
    const { bus, history } = setup();
    bus.fail = true;
    await expect(history.read('ETH-PERP', 0, 1)).rejects.toThrow('down');
    bus.fail = false;
    await expect(history.read('ETH-PERP', 0, 1)).resolves.toMatchObject({ symbol: 'ETH-PERP' });
    expect(bus.asked).toHaveLength(2);
  });

  it('keeps at most DAILY_HISTORY_MAX_ENTRIES reads, the oldest leaving first', async () => {
    const { bus, history } = setup();
    for (let i = 0; i <= DAILY_HISTORY_MAX_ENTRIES; i++) await history.read(`M${i}`, 0, 1);
    await history.read(`M${DAILY_HISTORY_MAX_ENTRIES}`, 0, 1);
    expect(bus.asked).toHaveLength(DAILY_HISTORY_MAX_ENTRIES + 1);
    await history.read('M0', 0, 1);
    expect(bus.asked).toHaveLength(DAILY_HISTORY_MAX_ENTRIES + 2);
  });
});
