import { AppConfig } from '@lib/platform';
import { Instrument, InstrumentKind, MarketStatus } from '../../domain';
import { SimulatedPriceSource, onGrid } from './simulated-price-source';

function instrument(symbol: string, kind: InstrumentKind, priceScale: number, tickSize: bigint, initialPrice: bigint): Instrument {
  const [base] = symbol.split('-');
  return {
    symbol, name: symbol, kind, base: base!, quote: 'USDT', baseDecimals: 8, quoteDecimals: 6, priceScale, quantityScale: 3,
    tickSize, stepSize: 1n, minQuantity: 1n, minNotional: 0n, makerFeePpm: 0n, takerFeePpm: 0n, maxLeverage: kind === InstrumentKind.SPOT ? 1 : 100,
    priceBandPpm: 50_000n, maintenanceMarginTiers: [], status: MarketStatus.TRADING, initialPrice, volatility: 600_000n, createdAt: new Date(0), updatedAt: new Date(0),
  };
}

describe('SimulatedPriceSource', () => {
  const config = { market: { seed: 'exchange', seedSource: 'MARKET_SEED', feedIntervalMs: 1000 } } as AppConfig;

  it('rounds a price half up onto another tick grid', () => {
    expect(onGrid(9_500_004n, 2, { priceScale: 1, tickSize: 1n })).toBe(950_000n); // 95000.04 -> 95000.0
    expect(onGrid(9_500_005n, 2, { priceScale: 1, tickSize: 1n })).toBe(950_001n); // 95000.05 -> 95000.1
    expect(onGrid(9_500_024n, 2, { priceScale: 1, tickSize: 5n })).toBe(950_000n); // 95000.24 -> 95000.0 (tick 0.5)
    expect(onGrid(9_500_049n, 2, { priceScale: 1, tickSize: 5n })).toBe(950_005n); // 95000.49 -> 95000.5
    expect(onGrid(9_500_050n, 2, { priceScale: 3, tickSize: 1n })).toBe(95_000_500n); // finer grid: exact
    expect(onGrid(1n, 2, { priceScale: 0, tickSize: 1n })).toBe(1n); // at least one tick
  });

  it('prices a perpetual from its spot walk, rounded to its own tick, deterministically', async () => {
    const spot = instrument('BTC-USDT', InstrumentKind.SPOT, 2, 1n, 9_500_000n);
    const perp = instrument('BTC-PERP', InstrumentKind.PERPETUAL, 1, 1n, 950_000n);
    const first = await new SimulatedPriceSource(config).nextPrices([perp, spot], new Map());
    const again = await new SimulatedPriceSource(config).nextPrices([spot, perp], new Map());
    expect(again).toEqual(first);
    expect(first.get('BTC-USDT')).toBe(9_499_087n); // the walk's first step (see price-walk.spec)
    expect(first.get('BTC-PERP')).toBe(onGrid(9_499_087n, 2, perp));
    const next = await new SimulatedPriceSource(config).nextPrices([spot, perp], new Map([['BTC-USDT', { price: 9_499_087n, seq: 1 }]]));
    expect(next.get('BTC-USDT')).toBe(9_500_401n);
  });

  it('publishes a shock of any market of an underlying for the whole group, then walks on from it', async () => {
    const spot = instrument('BTC-USDT', InstrumentKind.SPOT, 2, 1n, 9_500_000n);
    const perp = instrument('BTC-PERP', InstrumentKind.PERPETUAL, 1, 1n, 950_000n);
    const eth = instrument('ETH-USDT', InstrumentKind.SPOT, 2, 1n, 350_000n);
    const source = new SimulatedPriceSource(config);
    const last = new Map([['BTC-USDT', { price: 9_499_087n, seq: 1 }]]);
    const shocked = await source.nextPrices([spot, perp, eth], last, new Map([['BTC-PERP', 1_000_000n]]));
    expect(shocked.get('BTC-PERP')).toBe(1_000_000n); // 100000.0
    expect(shocked.get('BTC-USDT')).toBe(10_000_000n); // 100000.00
    expect(shocked.get('ETH-USDT')).toBe((await source.nextPrices([eth], new Map())).get('ETH-USDT')); // untouched
    const after = await source.nextPrices([spot, perp], new Map([['BTC-USDT', { price: 10_000_000n, seq: 2 }]]));
    expect(after.get('BTC-USDT')).not.toBe(10_000_000n);
    expect(Number(after.get('BTC-USDT')! - 10_000_000n)).toBeLessThan(10_000); // one small step away
  });
});
