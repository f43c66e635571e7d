import { Holding, PerpTerms, PositionRecord, flatRecord } from '../domain';
import { MarginAccountState, accountMarginView, closedPositionView, positionView } from './position-view';

/*
 * AAPL-PERP on USD (2 decimals): prices in whole USD (priceScale 0), quantities in hundredths
 * (quantityScale 2), so a notional is price x quantity units in cents. Maintenance 1% to 10,000 USD.
 */
const TERMS: PerpTerms = {
  symbol: 'AAPL-PERP',
  quoteDecimals: 2,
  priceScale: 0,
  quantityScale: 2,
  tickSize: 1n,
  maxLeverage: 20,
  tiers: [
    { maxNotional: 1_000_000n, rate: 10_000n },
    { maxNotional: null, rate: 20_000n },
  ],
};
const AT = new Date('2026-12-01T00:00:00.000Z');

function record(size: bigint, entryValue: bigint, changes: Partial<PositionRecord> = {}): PositionRecord {
  return { ...flatRecord('u1', 'AAPL-PERP', 'USD', AT), position: { size, entryValue, realizedPnl: 0n }, fees: 46n, openedAt: AT, ...changes };
}
function account(available: bigint, holdings: Holding[], locked = 0n): MarginAccountState {
  return { asset: 'USD', decimals: 2, available, locked, holdings };
}

describe('position views: exact figures', () => {
  it('a cross long of 2 entered at 230, marked at 240', () => {
    const h: Holding = { record: record(200n, 46_000n), terms: TERMS, mark: 240n };
    expect(positionView(h, account(99_954n, [h]))).toEqual({
      symbol: 'AAPL-PERP',
      side: 'LONG',
      size: '2.00',
      signedSize: '2.00',
      entryPrice: '230.00',
      markPrice: '240',
      notional: '480.00',
      unrealizedPnl: '20.00',
      // 20 / 48 = 0.41666 toward zero
      roe: '0.4166',
      leverage: 10,
      marginMode: 'CROSS',
      isolatedMargin: '0.00',
      initialMargin: '48.00',
      maintenanceMargin: '4.80',
      // 4.80 / (999.54 + 20) = 0.004708 up
      marginRatio: '0.0048',
      // covered all the way to zero
      liquidationPrice: null,
      realizedPnl: '0.00',
      fees: '0.46',
      openedAt: AT.toISOString(),
      updatedAt: AT.toISOString(),
    });
  });

  it('a cross short of 2 entered at 230, marked at 240: its liquidation price solves equity = maintenance', () => {
    const h: Holding = { record: record(-200n, 46_000n, { fees: 92n }), terms: TERMS, mark: 240n };
    expect(positionView(h, account(99_908n, [h]))).toMatchObject({
      side: 'SHORT',
      size: '2.00',
      signedSize: '-2.00',
      entryPrice: '230.00',
      unrealizedPnl: '-20.00',
      roe: '-0.4166',
      initialMargin: '48.00',
      maintenanceMargin: '4.80',
      // 4.80 / (999.08 - 20) = 0.0049026 up
      marginRatio: '0.0050',
      // (460 + 999.08) / (2 x 1.01) = 722.3, rounded down (towards the mark)
      liquidationPrice: '722',
      fees: '0.92',
    });
  });

  it('an isolated long at 20x with 24.00 of margin, marked at 230', () => {
    const h: Holding = { record: record(200n, 46_000n, { marginMode: 'ISOLATED', leverage: 20, isolatedMargin: 2_400n }), terms: TERMS, mark: 230n };
    expect(positionView(h, account(50_000n, [h], 2_400n))).toMatchObject({
      side: 'LONG',
      marginMode: 'ISOLATED',
      leverage: 20,
      isolatedMargin: '24.00',
      notional: '460.00',
      unrealizedPnl: '0.00',
      roe: '0.0000',
      initialMargin: '23.00',
      maintenanceMargin: '4.60',
      // 4.60 / 24.00 = 0.19166 up
      marginRatio: '0.1917',
      // (460 - 24) / (2 x 0.99) = 220.2, rounded up (towards the mark)
      liquidationPrice: '221',
    });
  });

  it('a flat row keeps its settings and has no ratios', () => {
    const h: Holding = { record: { ...flatRecord('u1', 'AAPL-PERP', 'USD', AT), leverage: 5 }, terms: TERMS, mark: 230n };
    expect(positionView(h, account(100_000n, [h]))).toEqual({
      symbol: 'AAPL-PERP',
      side: 'FLAT',
      size: '0.00',
      signedSize: '0.00',
      entryPrice: null,
      markPrice: '230',
      notional: '0.00',
      unrealizedPnl: '0.00',
      roe: null,
      leverage: 5,
      marginMode: 'CROSS',
      isolatedMargin: '0.00',
      initialMargin: '0.00',
      maintenanceMargin: '0.00',
      marginRatio: null,
      liquidationPrice: null,
      realizedPnl: '0.00',
      fees: '0.00',
      openedAt: null,
      updatedAt: AT.toISOString(),
    });
  });

  it('the account of a cross long at 230', () => {
    const h: Holding = { record: record(200n, 46_000n), terms: TERMS, mark: 230n };
    expect(accountMarginView(account(99_954n, [h]))).toEqual({
      asset: 'USD',
      walletBalance: '999.54',
      unrealizedPnl: '0.00',
      marginBalance: '999.54',
      initialMargin: '46.00',
      maintenanceMargin: '4.60',
      available: '953.54',
      transferable: '953.54',
      // 4.60 / 999.54 = 0.0046021 up
      marginRatio: '0.0047',
    });
    expect(accountMarginView(account(100n, [])).marginRatio).toBeNull();
  });

  it('a closed position: average entry and exit prices, net PnL', () => {
    const view = closedPositionView(
      {
        id: '7',
        userId: 'u1',
        symbol: 'AAPL-PERP',
        side: 'LONG',
        openedQuantity: 200n,
        openedValue: 46_000n,
        closedQuantity: 200n,
        closedValue: 47_000n,
        realizedPnl: 1_000n,
        fees: 116n,
        openedAt: AT,
        closedAt: AT,
      },
      TERMS,
    );
    expect(view).toEqual({
      id: '7',
      symbol: 'AAPL-PERP',
      side: 'LONG',
      quantity: '2.00',
      entryPrice: '230.00',
      exitPrice: '235.00',
      realizedPnl: '10.00',
      fees: '1.16',
      netPnl: '8.84',
      openedAt: AT.toISOString(),
      closedAt: AT.toISOString(),
    });
  });
});
