import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Instrument, InstrumentKind } from '../../../domain';
import { InstrumentCatalog, MarketAudit, NewPriceShock, PriceShocks, PriceSource } from '../../ports';
import { PriceBoard } from '../../price-board';
import { ShockIndexCommand } from './shock-index.command';
import { ShockIndexHandler } from './shock-index.handler';

const NOW = new Date('2026-12-07T10:00:00.000Z');
const btc = (symbol: string, kind: InstrumentKind) =>
  ({
    symbol, kind, base: 'BTC', quote: 'USDT', priceScale: 1, tickSize: 1n, quantityScale: 3, stepSize: 1n, minQuantity: 1n, quoteDecimals: 6, minNotional: 5_000_000n,
    makerFeePpm: 200n, takerFeePpm: 500n, priceBandPpm: 50_000n, maintenanceMarginTiers: [], maxLeverage: 125, createdAt: NOW, updatedAt: NOW,
  }) as unknown as Instrument;
const instruments = [btc('BTC-USDT', InstrumentKind.SPOT), btc('BTC-PERP', InstrumentKind.PERPETUAL), { ...btc('ETH-PERP', InstrumentKind.PERPETUAL), base: 'ETH' } as Instrument];

function setup(simulated: boolean) {
  const requests: NewPriceShock[] = [];
  const audits: unknown[] = [];
  const catalog = { get: async (s: string) => instruments.find((i) => i.symbol === s)!, all: async () => instruments } as unknown as InstrumentCatalog;
  const source = { simulated } as unknown as PriceSource;
  const board = new PriceBoard();
  board.update([{ symbol: 'BTC-PERP', priceScale: 1, index: 950_005n, mark: 950_005n, seq: 1, at: NOW }]);
  const shocks = { request: async (s: NewPriceShock) => void requests.push(s) } as unknown as PriceShocks;
  const audit = { record: async (e: unknown) => void audits.push(e) } as unknown as MarketAudit;
  const tx = { withTransaction: (fn: () => Promise<unknown>) => fn() } as unknown as TransactionHost;
  const clock = { now: () => NOW } as unknown as Clock;
  return { handler: new ShockIndexHandler(catalog, source, board, shocks, audit, tx, clock), requests, audits };
}

describe('ShockIndexHandler', () => {
  it('stores a ramp from the index to the moved price and replaces the pending shocks of the same underlying', async () => {
    const { handler, requests, audits } = setup(true);
    const view = await handler.execute(new ShockIndexCommand('admin-1', 'BTC-PERP', '-10', 30));
    expect(view).toEqual({
      symbol: 'BTC-PERP', symbols: ['BTC-PERP', 'BTC-USDT'], percent: '-10', overSeconds: 30,
      fromIndex: '95000.5', toIndex: '85500.5', startsAt: NOW.toISOString(), endsAt: '2026-12-07T10:00:30.000Z',
    });
    // 950,005 x 0.9 = 855,004.5 -> 855,005 (half up).
    expect(requests).toEqual([{ symbol: 'BTC-PERP', price: 855_005n, adminId: 'admin-1', at: NOW, replaces: ['BTC-PERP', 'BTC-USDT'], ramp: { from: 950_005n, endsAt: new Date('2026-12-07T10:00:30.000Z') } }]);
    expect(audits).toEqual([expect.objectContaining({ action: 'PRICE_SHOCK', details: { from: '95000.5', to: '85500.5', percent: '-10', overSeconds: 30 } })]);
  });

  it('moves at once with overSeconds 0', async () => {
    const { handler, requests } = setup(true);
    await handler.execute(new ShockIndexCommand('admin-1', 'BTC-PERP', '5', 0));
    expect(requests[0]).not.toHaveProperty('ramp');
    expect(requests[0]!.price).toBe(997_505n); // 997,505.25 -> 997,505
  });

  it('refuses a real source with PRICE_SOURCE_NOT_SIMULATED, a market without a price yet, and a span out of range', async () => {
    await expect(setup(false).handler.execute(new ShockIndexCommand('a', 'BTC-PERP', '-10', 5))).rejects.toMatchObject({ code: 'PRICE_SOURCE_NOT_SIMULATED' });
    await expect(setup(true).handler.execute(new ShockIndexCommand('a', 'BTC-USDT', '-10', 5))).rejects.toMatchObject({ code: 'MARK_PRICE_UNAVAILABLE' });
    await expect(setup(true).handler.execute(new ShockIndexCommand('a', 'BTC-PERP', '-10', 3601))).rejects.toMatchObject({ code: 'INVALID_MARKET_SPEC', details: { field: 'overSeconds' } });
  });
});
