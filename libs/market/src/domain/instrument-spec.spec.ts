import { InstrumentKind, MarketStatus } from './instrument';
import { MarketDefinition, changeInstrument, defineInstrument } from './instrument-spec';
import { MarketError } from './market.error';

const NOW = new Date('2026-11-21T12:00:00Z');
const USDT = { base: 8, quote: 6 };

const perp: MarketDefinition = {
  symbol: 'BTC-PERP',
  kind: InstrumentKind.PERPETUAL,
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  tickSize: '0.10',
  stepSize: '0.001',
  minQuantity: '0.002',
  minNotional: '5',
  makerFeeRate: '0.0002',
  takerFeeRate: '0.0005',
  maxLeverage: 125,
  priceBandRate: '0.05',
  maintenanceMarginTiers: [
    { maxNotional: '50000', rate: '0.004' },
    { maxNotional: null, rate: '0.05' },
  ],
  initialPrice: '95000.3',
  volatility: '0.6',
};

function failure(run: () => unknown): { code: string; field: unknown; reason: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof MarketError) return { code: error.code, field: error.details?.['field'], reason: error.details?.['reason'] };
    throw error;
  }
  throw new Error('expected a MarketError');
}

describe('defining a market', () => {
  it('turns decimal strings into exact integers at the derived scales', () => {
    const i = defineInstrument(perp, USDT, NOW);
    expect(i).toMatchObject({
      priceScale: 2, // "0.10": prices have 2 decimals and move by 0.10
      quantityScale: 3,
      tickSize: 10n,
      stepSize: 1n,
      minQuantity: 2n,
      minNotional: 5_000_000n,
      makerFeePpm: 200n,
      takerFeePpm: 500n,
      priceBandPpm: 50_000n,
      maintenanceMarginTiers: [
        { maxNotional: 50_000_000_000n, rate: 4000n },
        { maxNotional: null, rate: 50_000n },
      ],
      initialPrice: 9_500_030n,
      volatility: 600_000n,
      status: MarketStatus.TRADING,
      name: 'BTC-PERP',
      baseDecimals: 8,
      quoteDecimals: 6,
    });
  });

  it.each<[string, Partial<MarketDefinition>, string, string]>([
    ['a tick finer than the quote asset', { tickSize: '0.0000001' }, 'tickSize', 'TOO_MANY_DECIMALS'],
    ['a step finer than the base asset', { stepSize: '0.000000001' }, 'stepSize', 'TOO_MANY_DECIMALS'],
    ['a min quantity off the step grid', { minQuantity: '0.0015' }, 'minQuantity', 'TOO_MANY_DECIMALS'],
    ['a min quantity not a step multiple', { stepSize: '0.002', minQuantity: '0.003' }, 'minQuantity', 'NOT_A_STEP_MULTIPLE'],
    ['an initial price off the tick', { tickSize: '0.5', initialPrice: '95000.3' }, 'initialPrice', 'NOT_A_TICK_MULTIPLE'],
    ['an exponent', { tickSize: '1e-2' }, 'tickSize', 'NOT_A_DECIMAL'],
    ['a fee above 10 %', { takerFeeRate: '0.2' }, 'takerFeeRate', 'TOO_LARGE'],
    ['leverage above 200', { maxLeverage: 201 }, 'maxLeverage', 'OUT_OF_RANGE'],
    ['a wrong perp symbol', { symbol: 'BTC-USDT' }, 'symbol', 'PERP_SUFFIX'],
    ['a maintenance rate above 1/leverage', { maintenanceMarginTiers: [{ maxNotional: null, rate: '0.01' }] }, 'maintenanceMarginTiers[0].rate', 'ABOVE_INITIAL_MARGIN'],
    ['no open-ended last tier', { maintenanceMarginTiers: [{ maxNotional: '1000', rate: '0.004' }] }, 'maintenanceMarginTiers[0].maxNotional', 'LAST_TIER'],
    [
      'descending tiers',
      { maintenanceMarginTiers: [{ maxNotional: '5000', rate: '0.004' }, { maxNotional: '4000', rate: '0.005' }, { maxNotional: null, rate: '0.01' }] },
      'maintenanceMarginTiers[1].maxNotional',
      'NOT_ASCENDING',
    ],
  ])('refuses %s', (_what, patch, field, reason) => {
    expect(failure(() => defineInstrument({ ...perp, ...patch }, USDT, NOW))).toEqual({ code: 'INVALID_MARKET_SPEC', field, reason });
  });

  it('keeps spot markets at leverage 1 without tiers', () => {
    const spot: MarketDefinition = { ...perp, symbol: 'BTC-USDT', kind: InstrumentKind.SPOT, maxLeverage: 1, maintenanceMarginTiers: [] };
    expect(defineInstrument(spot, USDT, NOW).maxLeverage).toBe(1);
    expect(failure(() => defineInstrument({ ...spot, maxLeverage: 5 }, USDT, NOW))).toMatchObject({ field: 'maxLeverage', reason: 'SPOT_LEVERAGE' });
    expect(failure(() => defineInstrument({ ...spot, symbol: 'BTC-USD' }, USDT, NOW))).toMatchObject({ field: 'symbol', reason: 'QUOTE_MISMATCH' });
  });
});

describe('changing a market', () => {
  const current = defineInstrument(perp, USDT, NOW);
  const later = new Date('2026-11-21T13:00:00Z');

  it('applies status, fees, leverage and band, and stamps the change', () => {
    const next = changeInstrument(current, { status: MarketStatus.HALTED, makerFeeRate: '0.0001', maxLeverage: 100, priceBandRate: '0.03' }, later);
    expect(next).toMatchObject({ status: MarketStatus.HALTED, makerFeePpm: 100n, takerFeePpm: 500n, maxLeverage: 100, priceBandPpm: 30_000n, updatedAt: later });
  });

  it('returns the same instrument when nothing differs', () => {
    expect(changeInstrument(current, { status: MarketStatus.TRADING, takerFeeRate: '0.0005' }, later)).toBe(current);
  });

  it('refuses a leverage the first maintenance tier cannot support', () => {
    const risky = changeInstrument(current, { maintenanceMarginTiers: [{ maxNotional: null, rate: '0.006' }], maxLeverage: 100 }, later);
    expect(failure(() => changeInstrument(risky, { maxLeverage: 200 }, later))).toMatchObject({ field: 'maxLeverage', reason: 'ABOVE_MAINTENANCE' });
  });
});
