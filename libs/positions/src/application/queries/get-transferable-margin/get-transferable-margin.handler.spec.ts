import { QueryBus } from '@nestjs/cqrs';
import { GetInstrumentQuery, GetMarkPriceQuery, Instrument, InstrumentKind, MarkPrice, MarketStatus } from '@lib/market';
import { GetTransferableMarginQuery } from '@lib/wallet';
import { PositionRecord, flatRecord } from '../../../domain';
import { PositionRepository } from '../../ports';
import { GetTransferableMarginHandler } from './get-transferable-margin.handler';

const USER = '00000000-0000-4000-8000-000000000001';
const at = new Date('2026-12-06T12:00:00.000Z');

/** A linear perpetual in USDT (6 decimals): prices in 0.1 USDT, quantities in 0.001 BTC, so a notional is price x quantity x 100. */
function perp(symbol: string, quote = 'USDT'): Instrument {
  return {
    symbol, name: symbol, kind: InstrumentKind.PERPETUAL, base: symbol.split('-')[0]!, quote, baseDecimals: 8, quoteDecimals: 6, priceScale: 1,
    quantityScale: 3, tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 5_000_000n, makerFeePpm: 200n, takerFeePpm: 500n, maxLeverage: 50,
    priceBandPpm: 50_000n, maintenanceMarginTiers: [{ maxNotional: null, rate: 5_000n }], status: MarketStatus.TRADING, initialPrice: 1_000_000n,
    volatility: 600_000n, createdAt: at, updatedAt: at,
  };
}

/** An open row: `size` in 0.001 BTC, entered at `entry` (0.1 USDT), 10x unless said otherwise. */
function row(symbol: string, size: bigint, entry: bigint, over: Partial<PositionRecord> = {}): PositionRecord {
  const quantity = size < 0n ? -size : size;
  return { ...flatRecord(USER, symbol, 'USDT', at), position: { size, entryValue: entry * quantity * 100n, realizedPnl: 0n }, openedAt: at, version: 3, ...over };
}

/** The handler with typed fakes around it: AVAILABLE of the user's MARGIN USDT, their rows, the marks by symbol. */
function setUp(available: bigint, rows: PositionRecord[], marks: Record<string, bigint>) {
  const asked: unknown[] = [];
  const queries = {
    execute: async (q: unknown) => {
      asked.push(q);
      if (q instanceof GetInstrumentQuery) return perp(q.symbol);
      if (q instanceof GetMarkPriceQuery) return { symbol: q.symbol, priceScale: 1, index: marks[q.symbol]!, mark: marks[q.symbol]!, seq: 1, at } satisfies MarkPrice;
      throw new Error(`unexpected query ${String(q)}`);
    },
  } as unknown as QueryBus;
  const positions = { ofUsers: async (ids: readonly string[]) => new Map(ids.map((id) => [id, id === USER ? rows : []])) } as unknown as PositionRepository;
  const handler = new GetTransferableMarginHandler(queries, positions);
  const valued = () => asked.filter((q) => q instanceof GetMarkPriceQuery).map((q) => (q as GetMarkPriceQuery).symbol);
  return { ask: (asset = 'USDT') => handler.execute(new GetTransferableMarginQuery(USER, asset, available)), asked, valued };
}

const USDT = (units: bigint) => units * 1_000_000n;

describe('GetTransferableMarginHandler', () => {
  it('is all of the AVAILABLE the wallet read without a position, and reads no balance itself', async () => {
    const { ask, asked } = setUp(USDT(20_000n), [flatRecord(USER, 'BTC-PERP', 'USDT', at)], {});
    expect(await ask()).toBe(USDT(20_000n));
    expect(asked).toEqual([]);
  });

  it('a cross long at a loss takes its loss and its initial margin at the mark', async () => {
    // 1 BTC long from 100000.0, marked at 95000.0: notional 95000, loss 5000, initial margin at 10x 9500.
    const { ask } = setUp(USDT(20_000n), [row('BTC-PERP', 1_000n, 1_000_000n)], { 'BTC-PERP': 950_000n });
    expect(await ask()).toBe(USDT(20_000n - 5_000n - 9_500n));
  });

  it('a cross position\'s unrealized profit never adds: only its initial margin counts', async () => {
    // 1 BTC long from 100000.0 marked at 105000.0: +5000 unrealized, not transferable; initial margin at 10x 10500.
    const { ask } = setUp(USDT(60_000n), [row('BTC-PERP', 1_000n, 1_000_000n)], { 'BTC-PERP': 1_050_000n });
    expect(await ask()).toBe(USDT(60_000n - 10_500n));
  });

  it('adds up the cross positions of the asset, rounding the initial margin up', async () => {
    // ETH short of 3.001 from 3000.0 marked at 3100.0, 7x: loss 3.001 x 100 = 300.1; notional 9303.1, margin ceil(9303.1 / 7) = 1329.014286.
    const rows = [row('BTC-PERP', 1_000n, 1_000_000n), row('ETH-PERP', -3_001n, 30_000n, { leverage: 7 })];
    const { ask } = setUp(USDT(20_000n), rows, { 'BTC-PERP': 1_050_000n, 'ETH-PERP': 31_000n });
    expect(await ask()).toBe(USDT(20_000n) - USDT(10_500n) - 300_100_000n - 1_329_014_286n);
  });

  it('leaves out flat rows, isolated positions (their margin is not in AVAILABLE) and positions settled in another asset', async () => {
    const rows = [
      flatRecord(USER, 'SOL-PERP', 'USDT', at),
      row('ETH-PERP', -2_000n, 30_000n, { marginMode: 'ISOLATED', isolatedMargin: USDT(600n) }),
      row('XRP-PERP', 1_000n, 5n, { asset: 'USDC' }),
      row('BTC-PERP', 1_000n, 1_000_000n),
    ];
    const { ask, valued } = setUp(USDT(20_000n), rows, { 'BTC-PERP': 1_000_000n });
    expect(await ask()).toBe(USDT(20_000n - 10_000n));
    expect(valued()).toEqual(['BTC-PERP']);
  });

  it('is never negative when the positions need more than the account has', async () => {
    const { ask } = setUp(USDT(5_000n), [row('BTC-PERP', 1_000n, 1_000_000n)], { 'BTC-PERP': 950_000n });
    expect(await ask()).toBe(0n);
  });
});
