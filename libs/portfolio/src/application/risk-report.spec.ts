import { formatUnits } from '@lib/kernel';
import { CandleInterval, HistorySeries, Instrument, InstrumentKind, MarketStatus, allocateHistory } from '@lib/market';
import type { PositionView } from '@lib/positions';
import { DAY_MS, riskWindow } from '../domain';
import { PriceBook } from './price-book';
import { perpExposures, spotExposures } from './risk-exposures';
import { riskReport } from './risk-report';
import { HoldingView } from './views';

/*
 * The report from constructed history: 0.5 BTC held (valued through BTC-USDT,
 * price scale 1, at 95000.0) and a short of 2.00 ETH-PERP (price scale 2, at
 * 3400.00), 10000 USDT of cash. Equity 10000 + 47500 = 57500 USDT.
 */
const spotBtc: Instrument = {
  symbol: 'BTC-USDT', name: 'Bitcoin', kind: InstrumentKind.SPOT, base: 'BTC', quote: 'USDT', baseDecimals: 8, quoteDecimals: 6,
  priceScale: 1, quantityScale: 5, tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 1n, makerFeePpm: 1000n, takerFeePpm: 1000n,
  maxLeverage: 1, priceBandPpm: 50_000n, maintenanceMarginTiers: [], status: MarketStatus.TRADING, initialPrice: 950_000n, volatility: 600_000n,
  createdAt: new Date(0), updatedAt: new Date(0),
};
const ethPerp: Instrument = { ...spotBtc, symbol: 'ETH-PERP', kind: InstrumentKind.PERPETUAL, base: 'ETH', priceScale: 2, quantityScale: 2, maxLeverage: 100 };
const book = new PriceBook([spotBtc, ethPerp], new Map([['BTC', { symbol: 'BTC-USDT', price: { units: 950_000n, scale: 1 }, at: new Date(0) }]]));

function holding(asset: string, total: string): HoldingView {
  const split = { available: total, locked: '0', total };
  return { asset, total, available: total, locked: '0', spot: split, margin: split, price: null, value: null, costBasis: null, averageCost: null, unrealizedPnl: null, unrealizedPnlPercent: null, realizedPnl: '0.000000' };
}

function position(symbol: string, signedSize: string, markPrice: string): PositionView {
  const size = signedSize.replace('-', '');
  return {
    symbol, side: signedSize.startsWith('-') ? 'SHORT' : 'LONG', size, signedSize, entryPrice: markPrice, markPrice, notional: '0', unrealizedPnl: '0.000000', roe: '0',
    leverage: 10, marginMode: 'CROSS', isolatedMargin: '0', initialMargin: '0', maintenanceMargin: '0', marginRatio: null, liquidationPrice: null,
    realizedPnl: '0', fees: '0', openedAt: null, updatedAt: new Date(0).toISOString(),
  };
}

const NOW = Date.parse('2026-06-01T12:00:00Z');
const WINDOW = riskWindow(NOW, 30);

/** Daily closes from the window's first day; the first `synthetic` candles are SYNTHETIC, the rest LIVE. */
function series(symbol: string, priceScale: number, closes: readonly bigint[], synthetic: number): HistorySeries {
  const s = allocateHistory(symbol, CandleInterval.D1, priceScale, closes.length);
  closes.forEach((c, i) => {
    s.openTime[i] = WINDOW.fromMs + i * DAY_MS;
    s.open[i] = s.high[i] = s.low[i] = s.close[i] = c;
    s.origin[i] = i < synthetic ? 0 : 1;
  });
  return s;
}

// A seeded-looking but fixed walk: BTC moves by up to ±1500.0, ETH by up to ±60.00 a day.
const BTC_CLOSES = Array.from({ length: 31 }, (_, i) => 950_000n + BigInt(((i * 7919) % 30_001) - 15_000));
const ETH_CLOSES = Array.from({ length: 31 }, (_, i) => 340_000n + BigInt(((i * 104_729) % 12_001) - 6000));

function report(options: { holdings?: HoldingView[]; positions?: PositionView[]; equity: bigint; days?: number; history?: Map<string, HistorySeries> }) {
  const spot = spotExposures(options.holdings ?? [], book);
  const perps = perpExposures(options.positions ?? [], book);
  const history = options.history ?? new Map([['BTC-USDT', series('BTC-USDT', 1, BTC_CLOSES, 20)], ['ETH-PERP', series('ETH-PERP', 2, ETH_CLOSES, 31)]]);
  return riskReport({
    asOf: new Date(NOW), days: options.days ?? 30, ...WINDOW, equity: options.equity, benchmark: 'BTC-USDT', history,
    current: { exposures: [...spot.exposures, ...perps.exposures], cash: spot.cash, excluded: [...spot.excluded, ...perps.excluded] },
  });
}

describe('portfolio risk report', () => {
  const holdings = [holding('BTC', '0.50000000'), holding('USDT', '10000.000000'), holding('XYZ', '3.0')];
  const positions = [position('ETH-PERP', '-2.00', '3400.00')];
  const r = report({ holdings, positions, equity: 57_500_000_000n });

  it('exposure: spot long at the mark, the perpetual signed, exact; unpriced assets excluded', () => {
    expect(r.cash).toBe('10000.000000');
    expect(r.equity).toBe('57500.000000');
    expect(r.excluded).toEqual(['XYZ']);
    expect(r.exposure).toMatchObject({ gross: '54300.000000', long: '47500.000000', short: '6800.000000', net: '40700.000000' });
    // 47500 / 54300 = 0.874769797… ; 6800 / 54300 = 0.125230202…
    expect(r.exposure.byAsset).toEqual([
      { asset: 'BTC', gross: '47500.000000', long: '47500.000000', short: '0.000000', net: '47500.000000', share: '0.87476980' },
      { asset: 'ETH', gross: '6800.000000', long: '0.000000', short: '6800.000000', net: '-6800.000000', share: '0.12523020' },
    ]);
    expect(r.exposure.byMarket).toEqual([
      { symbol: 'BTC-USDT', kind: 'SPOT', asset: 'BTC', quantity: '0.50000000', mark: '95000.0', gross: '47500.000000', long: '47500.000000', short: '0.000000', net: '47500.000000', share: '0.87476980' },
      { symbol: 'ETH-PERP', kind: 'PERPETUAL', asset: 'ETH', quantity: '-2.00', mark: '3400.00', gross: '6800.000000', long: '0.000000', short: '6800.000000', net: '-6800.000000', share: '0.12523020' },
    ]);
  });

  it('figures from 30 daily returns of Σ quantity × Δclose, and the historical VaR is the 2nd worst day', () => {
    expect(r.window).toEqual({ days: 30, from: '2026-05-01T00:00:00.000Z', to: '2026-05-31T00:00:00.000Z' });
    expect(r.returns).toBe(30);
    expect(r.insufficientHistory).toBe(false);
    expect(r.reason).toBeNull();
    // In 10^-9 USDT: 0.5 BTC = 5·10^7 units at 10^-8 × Δ at 10^-1; −2.00 ETH = −200 at 10^-2 × Δ at 10^-2, × 10^5.
    const pnl = BTC_CLOSES.slice(1).map((c, i) => 50_000_000n * (c - BTC_CLOSES[i]!) - 200n * (ETH_CLOSES[i + 1]! - ETH_CLOSES[i]!) * 100_000n);
    const worst = [...pnl].sort((a, b) => (a < b ? -1 : 1));
    // k95 = ⌈30 × 0.05⌉ = 2, k99 = ⌈0.3⌉ = 1; losses rounded up to 10^-6.
    const up = (loss: bigint) => formatUnits((loss + 999n) / 1000n, 6);
    expect(r.figures!.valueAtRisk.historical).toEqual({ p95: up(-worst[1]!), p99: up(-worst[0]!) });
    expect(r.figures!.expectedShortfall.p99).toBe(up(-worst[0]!));
    const f = r.figures!;
    for (const text of [f.meanDailyReturn, f.dailyVolatility, f.sharpe, f.sortino, f.beta, f.maxDrawdownRatio]) expect(text).toMatch(/^-?\d+\.\d{8}$/);
    for (const text of [f.valueAtRisk.parametric.p95, f.valueAtRisk.parametric.p99, f.expectedShortfall.p95, f.maxDrawdown]) expect(text).toMatch(/^\d+\.\d{6}$/);
    expect(Number(f.valueAtRisk.parametric.p99)).toBeGreaterThan(Number(f.valueAtRisk.parametric.p95));
  });

  it('names the markets whose history is synthetic, with the origin of each candle counted', () => {
    expect(r.benchmark).toBe('BTC-USDT');
    expect(r.history).toEqual([
      { symbol: 'BTC-USDT', candles: 31, origins: { SYNTHETIC: 20, LIVE: 11, IMPORTED: 0 }, synthetic: true },
      { symbol: 'ETH-PERP', candles: 31, origins: { SYNTHETIC: 31, LIVE: 0, IMPORTED: 0 }, synthetic: true },
    ]);
    expect(r.syntheticHistory).toEqual(['BTC-USDT', 'ETH-PERP']);
  });

  it('a user with nothing: no equity, so no figures, and an exposure of zero', () => {
    const empty = report({ equity: 0n, history: new Map([['BTC-USDT', series('BTC-USDT', 1, BTC_CLOSES, 0)]]) });
    expect(empty).toMatchObject({ equity: '0.000000', cash: '0.000000', returns: 30, insufficientHistory: true, figures: null, excluded: [] });
    expect(empty.reason?.code).toBe('NO_EQUITY');
    expect(empty.exposure).toEqual({ gross: '0.000000', long: '0.000000', short: '0.000000', net: '0.000000', byAsset: [], byMarket: [] });
    expect(empty.syntheticHistory).toEqual([]);
  });

  it('fewer than 20 daily returns: insufficient, says how many', () => {
    const short = report({
      holdings, positions, equity: 57_500_000_000n,
      history: new Map([['BTC-USDT', series('BTC-USDT', 1, BTC_CLOSES.slice(0, 11), 0)], ['ETH-PERP', series('ETH-PERP', 2, ETH_CLOSES, 0)]]),
    });
    expect(short.returns).toBe(10);
    expect(short.insufficientHistory).toBe(true);
    expect(short.reason).toEqual({ code: 'TOO_FEW_RETURNS', message: '10 daily returns in the window, 20 needed.' });
    expect(short.figures).toBeNull();
    expect(short.exposure.gross).toBe('54300.000000');
  });

  it('cash only: figures of a portfolio that cannot move (VaR 0, no Sharpe, beta 0)', () => {
    const cash = report({ holdings: [holding('USDT', '100.000000')], equity: 100_000_000n, history: new Map([['BTC-USDT', series('BTC-USDT', 1, BTC_CLOSES, 0)]]) });
    expect(cash.figures).toMatchObject({ valueAtRisk: { historical: { p95: '0.000000', p99: '0.000000' }, parametric: { p95: '0.000000', p99: '0.000000' } }, sharpe: null, sortino: null, beta: '0.00000000', maxDrawdown: '0.000000' });
  });
});
