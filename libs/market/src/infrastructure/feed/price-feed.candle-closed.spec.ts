import { EventBus, QueryBus } from '@nestjs/cqrs';
import { FixedClock } from '@lib/kernel';
import { AppConfig, LeadershipLease, LeadershipService } from '@lib/platform';
import { CANDLE_CLOSED, CandleClosedPayload } from '../../application/events';
import { InstrumentCatalog, PriceSource } from '../../application/ports';
import { PriceBoard } from '../../application/price-board';
import { Instrument, InstrumentKind } from '../../domain';
import { PriceFeed } from './price-feed';

const btc = { symbol: 'BTC-USDT', kind: InstrumentKind.SPOT, base: 'BTC', quote: 'USDT', priceScale: 1, tickSize: 1n } as unknown as Instrument;

/** The feed's ticks driven by hand: a scripted price per tick, a fixed clock, a lease that accepts every write. */
function feed() {
  const clock = new FixedClock(new Date('2026-11-21T09:59:59.000Z'));
  const prices: bigint[] = [];
  const source = { nextPrices: async () => new Map([[btc.symbol, prices.shift()!]]) } as unknown as PriceSource;
  const catalog = { all: async () => [btc], get: async () => btc } as unknown as InstrumentCatalog;
  const events: { type: string; payload: unknown }[] = [];
  const bus = { publishAll: (list: { type: string; payload: unknown }[]) => void events.push(...list) } as unknown as EventBus;
  const config = { market: { feedEnabled: true, feedIntervalMs: 1000, sampleRetentionMs: 3_600_000, candleRetentionDays: 30, candleLongRetentionDays: 730 } } as unknown as AppConfig;
  const failWrites = { next: false };
  const lease = {
    query: async (sql: string) => {
      if (failWrites.next && sql.includes('INSERT INTO market.price_samples')) throw ((failWrites.next = false), new Error('connection lost'));
      return sql.includes('feed_control') ? [{ paused: false }] : [];
    },
  } as unknown as LeadershipLease;
  const priceFeed = new PriceFeed(config, {} as LeadershipService, catalog, source, new PriceBoard(), bus, {} as QueryBus, clock);
  (priceFeed as unknown as { lease: LeadershipLease }).lease = lease;
  const tick = async (at: string, price: bigint) => {
    clock.set(new Date(at));
    prices.push(price);
    await (priceFeed as unknown as { step(): Promise<void> }).step();
  };
  const closed = () => events.filter((e) => e.type === CANDLE_CLOSED).map((e) => e.payload as CandleClosedPayload);
  return { tick, closed, failWrites };
}

describe('PriceFeed: market.CandleClosed', () => {
  it('fires once per closed mark candle, at the first tick of the next bucket, with its OHLC as decimal strings', async () => {
    const { tick, closed } = feed();
    await tick('2026-11-21T10:00:00.500Z', 950_000n);
    await tick('2026-11-21T10:00:20.000Z', 950_100n);
    await tick('2026-11-21T10:00:59.999Z', 949_900n);
    expect(closed()).toEqual([]); // the first bucket of every interval is still open
    await tick('2026-11-21T10:01:00.000Z', 950_050n);
    expect(closed()).toEqual([{ symbol: 'BTC-USDT', interval: '1m', openTime: Date.parse('2026-11-21T10:00:00Z'), open: '95000.0', high: '95010.0', low: '94990.0', close: '94990.0' }]);
    await tick('2026-11-21T10:01:30.000Z', 950_060n);
    expect(closed()).toHaveLength(1); // no new bucket: nothing more
    // A pause of the feed: the next tick, four minutes later, closes the 1m candle of 10:01 (once) and the 5m candle of 10:00.
    await tick('2026-11-21T10:05:10.000Z', 951_000n);
    expect(closed().slice(1).map((c) => [c.interval, new Date(c.openTime).toISOString(), c.open, c.high, c.low, c.close])).toEqual([
      ['1m', '2026-11-21T10:01:00.000Z', '95005.0', '95006.0', '95005.0', '95006.0'],
      ['5m', '2026-11-21T10:00:00.000Z', '95000.0', '95010.0', '94990.0', '95006.0'],
    ]);
    await tick('2026-11-21T11:00:00.000Z', 951_000n);
    expect(closed().slice(3).map((c) => c.interval)).toEqual(['1m', '5m', '15m', '1h']);
    expect(closed().every((c) => c.symbol === 'BTC-USDT')).toBe(true); // mark candles only: 1 market, no index duplicates
  });

  it('does not fire for a tick whose write failed: the next tick closes the candle, once', async () => {
    const { tick, closed, failWrites } = feed();
    await tick('2026-11-21T10:00:10.000Z', 950_000n);
    failWrites.next = true;
    await expect(tick('2026-11-21T10:01:00.000Z', 950_010n)).rejects.toThrow('connection lost');
    expect(closed()).toEqual([]);
    await tick('2026-11-21T10:01:01.000Z', 950_020n);
    await tick('2026-11-21T10:01:02.000Z', 950_030n);
    expect(closed().map((c) => [c.interval, c.close])).toEqual([['1m', '95000.0']]);
  });
});
