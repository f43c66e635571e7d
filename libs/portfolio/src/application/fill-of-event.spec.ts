import { Instrument, InstrumentKind, MarketStatus } from '@lib/market';
import { FillCreatedV2 } from '@lib/orders';
import { fillOfEvent, rescale } from './fill-of-event';
import { PriceBook } from './price-book';

// BTC-USDT as the market lists it: prices at 2 digits, quantities at 5, BTC 8 decimals, USDT 6.
const btcUsdt: Instrument = {
  symbol: 'BTC-USDT', name: 'Bitcoin', kind: InstrumentKind.SPOT, base: 'BTC', quote: 'USDT', baseDecimals: 8, quoteDecimals: 6,
  priceScale: 2, quantityScale: 5, tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 1n, makerFeePpm: 500n, takerFeePpm: 1000n,
  maxLeverage: 1, priceBandPpm: 50_000n, maintenanceMarginTiers: [], status: MarketStatus.TRADING, initialPrice: 6_500_000n, volatility: 800_000n,
  createdAt: new Date(0), updatedAt: new Date(0),
};
const btcPerp: Instrument = { ...btcUsdt, symbol: 'BTC-PERP', kind: InstrumentKind.PERPETUAL, maxLeverage: 50 };
const book = new PriceBook([btcUsdt, btcPerp], new Map());

// Bought 0.01 BTC at 65000.12 for 650.0012 USDT, fee 0.650002 USDT.
const event: FillCreatedV2 = {
  version: 2, userId: 'u', tradeId: '901', orderId: 'o', symbol: 'BTC-USDT', side: 'BUY', liquidity: 'TAKER', price: '6500012', quantity: '1000',
  quote: '650001200', fee: '650002', feeAsset: 'USDT', priceScale: 2, quantityScale: 5, quoteScale: 6, executedAt: '2026-12-06T10:00:00.000Z',
};

describe('fillOfEvent: a FillCreated contract in the units of its assets', () => {
  it('takes the integers of the event to the assets decimals', () => {
    expect(fillOfEvent(event, book)).toEqual({
      side: 'BUY',
      base: { asset: 'BTC', decimals: 8 },
      quote: { asset: 'USDT', decimals: 6 },
      quantity: 1_000_000n,
      quoteAmount: 650_001_200n,
      fee: 650_002n,
    });
  });

  it('counts no fee charged in another asset, and knows nothing of unknown markets', () => {
    expect(fillOfEvent({ ...event, side: 'SELL', feeAsset: 'BTC' }, book)).toMatchObject({ side: 'SELL', fee: 0n });
    expect(fillOfEvent({ ...event, symbol: 'XXX-USDT' }, book)).toBeUndefined();
  });

  it("leaves a perpetual's fill to its position: no coin changes hands, the spot cost basis must not move", () => {
    expect(fillOfEvent({ ...event, symbol: 'BTC-PERP' }, book)).toBeNull();
  });

  it('rescales exactly, and refuses to drop digits', () => {
    expect(rescale(1_000n, 5, 8)).toBe(1_000_000n);
    expect(rescale(475_005_000n, 4, 6)).toBe(47_500_500_000n);
    expect(rescale(1_000_000n, 8, 5)).toBe(1_000n);
    expect(() => rescale(1_000_001n, 8, 5)).toThrow(RangeError);
  });
});
