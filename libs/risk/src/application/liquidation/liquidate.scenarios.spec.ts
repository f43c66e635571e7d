import { OrderSide, type Decision } from '@lib/orders';
import { LiquidationError } from './liquidation.error';
import { PERP, PerpScenario, accepted, decideLeverage, decideMarginMode, dollars, perpLimit, usdt } from '@lib/orders/testing';
import { LiquidationAnswer, decideLiquidation } from './liquidate.decider';
import { POSITION_LIQUIDATED } from './liquidation-events';

/*
 * Liquidation steps on BTC-PERP (docs/risk.md, "Liquidation"): maker 0.02 %,
 * taker 0.05 %, maintenance 0.4 % up to 50 000 USDT of notional, 1 % beyond;
 * a liquidation fee of 0.5 %. Amounts in USDT units (6 decimals), prices in
 * cents, quantities in 1e-4 BTC.
 */
const FEE_E8 = 500_000n;

function liquidate(s: PerpScenario, userId: string): Decision<LiquidationAnswer> {
  return s.run((x) => decideLiquidation({ spec: PERP, userId, feeE8: FEE_E8 }, x.market, x.facts));
}

function ok<R>(decision: Decision<R>): R {
  return accepted(decision).answer([]);
}

/** erin (1 000 USDT, ISOLATED, leverage 10) buys 0.1 BTC at 50 000 from carol: 500 of margin, 2.5 of fee, 497.5 left. */
function erinLongIsolated(funds: Record<string, bigint> = {}): PerpScenario {
  const s = new PerpScenario({ erin: usdt(1_000n), carol: usdt(10_000n), bob: usdt(10_000n), ...funds });
  ok(s.run((x) => decideMarginMode(PERP, 'erin', 'ISOLATED', x.market, x.facts)));
  ok(s.place(perpLimit('carol', OrderSide.SELL, dollars(50_000n), 1000n)));
  ok(s.place(perpLimit('erin', OrderSide.BUY, dollars(50_000n), 1000n)));
  return s;
}

describe('decideLiquidation', () => {
  it('leaves a position that covers its maintenance alone: refused, nothing written', () => {
    const s = erinLongIsolated();
    s.marks.set(PERP.symbol, dollars(45_600n));
    const d = liquidate(s, 'erin');
    // 500 - 440 = 60 of margin balance against 0.4 % x 4 560 = 18.24.
    expect(d.kind === 'refused' && d.error instanceof LiquidationError && d.error.code).toBe('NOT_LIQUIDATABLE');
    expect(s.rows.get('erin')!.position.size).toBe(1000n);
  });

  it('isolated long below maintenance: closed through the book, what is left goes to the fund as the fee', () => {
    const s = erinLongIsolated();
    s.marks.set(PERP.symbol, dollars(45_100n));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(45_100n), 1000n)));
    const d = accepted(liquidate(s, 'erin'));
    // 500 of margin - 490 of loss - 2.255 of taker fee = 7.745 left; the fee due is 0.5 % x 4 510 = 22.55: the fund takes 7.745.
    expect(d.answer([])).toEqual({ orderId: expect.any(String), filled: 1000n, target: 1000n, liquidationFee: 7_745_000n, insuranceCover: 0n, sizeAfter: 0n, adl: 0n });
    expect(s.ledger.snapshot()).toEqual({
      CLEARING: usdt(490n),
      FEES: 6_657_000n, // 1 + 2.5 at the opening, 2.255 + 0.902 (bob's maker fee) at the liquidation
      INSURANCE_FUND: 7_745_000n,
      'bob available': 9_999_098_000n,
      'carol available': usdt(9_999n),
      // Her cash outside the position is untouched.
      'erin available': 497_500_000n,
    });
    expect(d.events?.map((e) => e.type)).toEqual([POSITION_LIQUIDATED]);
    expect(d.events?.[0]?.payload).toMatchObject({ userId: 'erin', side: 'LONG', quantity: '1000', averagePrice: '4510000', liquidationFee: '7745000', insuranceCover: '0', sizeAfter: '0' });
  });

  it('a gap past the bankruptcy price: the fund pays the loss beyond the margin, to the unit', () => {
    const s = erinLongIsolated();
    s.ledger.add({ INSURANCE_FUND: usdt(100n) });
    s.marks.set(PERP.symbol, dollars(44_000n));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(44_500n), 1000n)));
    const d = accepted(liquidate(s, 'erin'));
    // Loss 550 + fee 2.225 - margin 500 = 52.225 from the fund; erin keeps her 497.5.
    expect(d.answer([])).toMatchObject({ filled: 1000n, liquidationFee: 0n, insuranceCover: 52_225_000n, sizeAfter: 0n });
    expect(s.ledger.get('INSURANCE_FUND')).toBe(47_775_000n);
    expect(s.ledger.available('erin')).toBe(497_500_000n);
    expect(s.ledger.locked('erin')).toBe(0n);
  });

  it('an empty fund: no fill past the bankruptcy price; the rest is auto-deleveraged against the opposing short', () => {
    const s = erinLongIsolated();
    ok(s.place(perpLimit('erin', OrderSide.SELL, dollars(60_000n), 500n, { reduceOnly: true })));
    s.marks.set(PERP.symbol, dollars(44_000n));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(44_500n), 1000n)));
    const d = accepted(liquidate(s, 'erin'));
    // Bankruptcy 45 022.52: carol's short (from 50 000) buys back 0.1 there, no fee; erin's 500 of margin less 497.748 of loss = 2.252, all to the fund.
    expect(d.answer([])).toMatchObject({ filled: 0n, target: 1000n, adl: 1000n, liquidationFee: 2_252_000n, insuranceCover: 0n, sizeAfter: 0n });
    expect(s.rows.get('carol')!.position.size).toBe(0n);
    expect(s.openOrdersOf('erin')).toEqual([]);
    expect(s.openOrdersOf('bob')).toHaveLength(1);
    expect(s.ledger.snapshot()).toEqual({
      FEES: 3_500_000n, // the opening's only: no fee on ADL fills
      INSURANCE_FUND: 2_252_000n,
      // His bid (445 of margin and 2.225 of fee held) did not trade.
      'bob available': 9_552_775_000n,
      'bob locked': 447_225_000n,
      // 10 000 - 1 of maker fee + 497.748 of profit at 45 022.52.
      'carol available': 10_496_748_000n,
      'erin available': 497_500_000n,
    });
    expect(d.events?.[0]?.payload).toMatchObject({ quantity: '0', adlQuantity: '1000', bankruptcyPrice: '4502252', sizeAfter: '0' });
  });

  it('cross account: the whole account backs the position; the fee takes what the close leaves, never more', () => {
    const s = new PerpScenario({ alice: usdt(1_000n), bob: usdt(10_000n), carol: usdt(10_000n) });
    ok(s.run((x) => decideLeverage(PERP, 'alice', 20, x.market, x.facts)));
    ok(s.place(perpLimit('carol', OrderSide.SELL, dollars(50_000n), 2000n)));
    ok(s.place(perpLimit('alice', OrderSide.BUY, dollars(50_000n), 2000n)));
    // 995 of cash, 0.2 BTC long; at 45 100: -980 of PnL, 15 of balance against 36.08 of maintenance.
    s.marks.set(PERP.symbol, dollars(45_100n));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(45_100n), 2000n)));
    const d = accepted(liquidate(s, 'alice'));
    // 995 - 980 - 4.51 of taker fee = 10.49 left, below the 45.1 due: all of it to the fund.
    expect(d.answer([])).toMatchObject({ filled: 2000n, liquidationFee: 10_490_000n, insuranceCover: 0n, sizeAfter: 0n });
    expect(s.ledger.available('alice')).toBe(0n);
    expect(s.ledger.get('INSURANCE_FUND')).toBe(10_490_000n);
  });

  it('a position past the first tier closes down to the tier edge first', () => {
    const s = new PerpScenario({ alice: usdt(3_200n), bob: usdt(100_000n), carol: usdt(100_000n) });
    ok(s.run((x) => decideLeverage(PERP, 'alice', 20, x.market, x.facts)));
    ok(s.place(perpLimit('carol', OrderSide.SELL, dollars(50_000n), 12_000n)));
    ok(s.place(perpLimit('alice', OrderSide.BUY, dollars(50_000n), 12_000n)));
    // 1.2 BTC: 60 000 of notional at entry; cash 3 170. At 47 500: -3 000 of PnL, balance 170 against 1 % x 57 000 = 570.
    s.marks.set(PERP.symbol, dollars(47_500n));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(47_500n), 12_000n)));
    const d = accepted(liquidate(s, 'alice'));
    // The first tier ends at 50 000 of notional: 50 000 / 47 500 = 1.0526 BTC stays, 0.1474 BTC closes.
    expect(d.answer([])).toMatchObject({ target: 1474n, filled: 1474n, sizeAfter: 10_526n });
  });

  it('liquidates a suspended account too: the platform places its order', () => {
    const s = erinLongIsolated();
    s.suspended.add('erin');
    s.marks.set(PERP.symbol, dollars(45_100n));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(45_100n), 1000n)));
    expect(accepted(liquidate(s, 'erin')).answer([])).toMatchObject({ filled: 1000n, liquidationFee: 7_745_000n, sizeAfter: 0n });
    expect(s.ledger.get('INSURANCE_FUND')).toBe(7_745_000n);
  });
});
