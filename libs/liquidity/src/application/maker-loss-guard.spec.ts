import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FixedClock } from '@lib/kernel';
import { Instrument, InstrumentKind, MarketStatus } from '@lib/market';
import { CancelAllOrdersCommand, FillPage, ListFillsQuery, ListOrdersQuery, PlaceOrderCommand } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { MARKET_MAKER_ACCOUNT_ID } from '../domain';
import { Funder } from './funder';
import { LiquidityMarkets } from './liquidity-markets';
import { MakerLossGuard } from './maker-loss-guard';
import { MakerPerpLadders } from './maker-perp-ladders';
import { MarketMaker } from './market-maker';

function spot(symbol: string): Instrument {
  const [base, quote] = symbol.split('-') as [string, string];
  return {
    symbol, name: symbol, kind: InstrumentKind.SPOT, base, quote, baseDecimals: 8, quoteDecimals: 6, priceScale: 1, quantityScale: 5,
    tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 5_000_000n, makerFeePpm: 0n, takerFeePpm: 1000n, maxLeverage: 1,
    priceBandPpm: 50_000n, maintenanceMarginTiers: [], status: MarketStatus.TRADING, initialPrice: 950_000n, volatility: 600_000n, createdAt: new Date(0), updatedAt: new Date(0),
  };
}

/**
 * The maker with typed fakes around it: two markets at 95000.0, its fills
 * from a fake QueryBus, the commands it sends recorded.
 */
function setUp(fills: FillPage['items']) {
  const clock = new FixedClock(new Date('2026-12-06T15:00:00.000Z'));
  const sent: unknown[] = [];
  const commands = { execute: async (c: unknown) => (sent.push(c), c instanceof CancelAllOrdersCommand ? { canceled: [] } : {}) } as unknown as CommandBus;
  const queries = {
    execute: async (q: unknown) => {
      if (q instanceof ListOrdersQuery) return { items: [], nextCursor: null };
      if (q instanceof ListFillsQuery) return { items: fills.filter((f) => f.symbol === q.filter.symbol && new Date(f.createdAt) <= clock.now()), nextCursor: null };
      throw new Error(`unexpected query ${String(q)}`);
    },
  } as unknown as QueryBus;
  const markets = { tradable: async () => [spot('BTC-USDT'), spot('ETH-USDT')], mark: async () => 950_000n } as unknown as LiquidityMarkets;
  const funder = { ensure: async () => undefined } as unknown as Funder;
  const config = { liquidity: { levels: 2, stepBps: 25, levelNotional: 1000n, maxDailyLoss: 1000n } } as AppConfig;
  const perps = { plan: async () => [] } as unknown as MakerPerpLadders;
  const maker = new MarketMaker(commands, queries, markets, funder, config, new MakerLossGuard(queries, clock, config), perps);
  const placedOn = (symbol: string) => sent.filter((c) => c instanceof PlaceOrderCommand && c.input.symbol === symbol).length;
  return { clock, sent, maker, placedOn };
}

const fill = (tradeId: string, side: 'BUY' | 'SELL', quantity: string, quote: string, createdAt: string) =>
  ({ tradeId, orderId: 'o', symbol: 'BTC-USDT', side, price: '0', quantity, quote, fee: '0.000000', feeAsset: 'USDT', liquidity: 'MAKER' as const, createdAt });

describe('the market maker\'s daily loss cap', () => {
  it('stops quoting a market whose day lost more than MARKET_MAKER_MAX_DAILY_LOSS, cancels its orders there, and quotes again the next UTC day', async () => {
    // Bought 0.5 BTC at 100000.0 today: at the mark 95000.0 it is 2500 USDT down (cap 1000). Yesterday's fill does not count.
    const { clock, sent, maker, placedOn } = setUp([
      fill('12', 'BUY', '0.50000', '50000.000000', '2026-12-06T14:00:00.000Z'),
      fill('3', 'SELL', '5.00000', '1.000000', '2026-12-05T20:00:00.000Z'),
    ]);
    const warn = jest.spyOn((maker as unknown as { lossGuard: { logger: { warn: (m: string) => void } } }).lossGuard.logger, 'warn').mockImplementation(() => undefined);
    await maker.refresh();
    expect(placedOn('BTC-USDT')).toBe(0);
    expect(placedOn('ETH-USDT')).toBe(4);
    expect(sent).toContainEqual(new CancelAllOrdersCommand(MARKET_MAKER_ACCOUNT_ID, 'BTC-USDT'));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^BTC-USDT: the market maker lost 2500\.000000 USDT today .*until 00:00 UTC$/));

    // Still stopped later that day: no second cancel, no quote, no second warning.
    sent.length = 0;
    clock.set(new Date('2026-12-06T23:59:59.000Z'));
    await maker.refresh();
    expect(placedOn('BTC-USDT')).toBe(0);
    expect(sent.filter((c) => c instanceof CancelAllOrdersCommand)).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);

    // A new UTC day: a new book, quoting again.
    clock.set(new Date('2026-12-07T00:00:01.000Z'));
    await maker.refresh();
    expect(placedOn('BTC-USDT')).toBe(4);
  });

  it('keeps quoting while the day\'s loss is within the cap (exact: 1000.000000 lost is not above 1000)', async () => {
    // Bought 0.2 BTC at 100000.0: 20000.000000 paid for 19000.000000 at the mark: exactly 1000 down.
    const { maker, placedOn } = setUp([fill('12', 'BUY', '0.20000', '20000.000000', '2026-12-06T14:00:00.000Z')]);
    await maker.refresh();
    expect(placedOn('BTC-USDT')).toBe(4);
  });
});
