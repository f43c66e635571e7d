import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { InstrumentKind, MarketStatus } from '@lib/market';
import { CancelOrderCommand, OrdersError, OrdersErrorCode, PlaceOrderCommand } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { Funder } from './funder';
import { LiquidityMarkets } from './liquidity-markets';
import { MakerLossGuard } from './maker-loss-guard';
import { MakerPerpLadders } from './maker-perp-ladders';
import { MarketMaker } from './market-maker';

/** BTC-USDT as the catalog has it (the ladder's fields), TRADING, marked at 95 000.0. */
const BTC = {
  symbol: 'BTC-USDT',
  kind: InstrumentKind.SPOT,
  status: MarketStatus.TRADING,
  base: 'BTC',
  quote: 'USDT',
  baseDecimals: 8,
  quoteDecimals: 6,
  priceScale: 1,
  quantityScale: 5,
  tickSize: 1n,
  stepSize: 1n,
  minQuantity: 1n,
  minNotional: 5_000_000n,
  takerFeePpm: 1000n,
  priceBandPpm: 50_000n,
};
const MARK = 950_000n;

/** A maker with one quote resting far from the ladder (so the plan cancels it), whose cancel answers `cancel`. */
function maker(cancel: () => Promise<unknown>) {
  const sent: unknown[] = [];
  const commands = {
    execute: (command: unknown) => {
      sent.push(command);
      return command instanceof CancelOrderCommand ? cancel() : Promise.resolve({});
    },
  } as unknown as CommandBus;
  const queries = {
    execute: () => Promise.resolve({ items: [{ id: 'old-ask', side: 'SELL', price: '99000.0', quantity: '0.01000', filledQuantity: '0.00000' }], nextCursor: null }),
  } as unknown as QueryBus;
  const markets = { tradable: () => Promise.resolve([BTC]), mark: () => Promise.resolve(MARK) } as unknown as LiquidityMarkets;
  const funder = { ensure: () => Promise.resolve() } as unknown as Funder;
  const config = { liquidity: { levels: 2, stepBps: 25, levelNotional: 1000n, refreshMs: 2000 } } as unknown as AppConfig;
  const lossGuard = { allows: () => Promise.resolve(true) } as unknown as MakerLossGuard;
  const m = new MarketMaker(commands, queries, markets, funder, config, lossGuard, {} as MakerPerpLadders);
  return { m, placed: () => sent.filter((c) => c instanceof PlaceOrderCommand).length };
}

describe('MarketMaker: requote', () => {
  it('places the new ladder once the old quote is canceled, or already gone', async () => {
    const ok = maker(() => Promise.resolve({}));
    await ok.m.refresh();
    expect(ok.placed()).toBe(4);
    const gone = maker(() => Promise.reject(new OrdersError(OrdersErrorCode.ORDER_NOT_OPEN, 'filled meanwhile')));
    await gone.m.refresh();
    expect(gone.placed()).toBe(4);
  });

  it('places nothing while a quote it could not cancel may still rest (it would show more than its bound)', async () => {
    const busy = maker(() => Promise.reject(new OrdersError(OrdersErrorCode.MARKET_BUSY, 'the market is busy')));
    await busy.m.refresh();
    expect(busy.placed()).toBe(0);
    const lost = maker(() => Promise.reject(new Error('Connection terminated during COMMIT')));
    await lost.m.refresh();
    expect(lost.placed()).toBe(0);
  });
});
