import { OrdersErrorCode, Side } from '../../domain';
import { decideLeverage, decideMarginMode, decideMoveMargin } from './position-settings.decider';
import { accepted } from './testing/scenario';
import { PERP, dollars, openedLong, perpLedgerEffect, perpLimit, refusal, traders, usdt } from './testing/perp-scenario';

/* The settings deciders on BTC-PERP (testing/perp-scenario.ts), with exact amounts. */

const buy = (userId: string, p: bigint, q: bigint) => perpLimit(userId, Side.BUY, dollars(p), q);
const sell = (userId: string, p: bigint, q: bigint) => perpLimit(userId, Side.SELL, dollars(p), q);

describe('position settings deciders', () => {
  it('refuses a lower leverage the cross account cannot back, to the unit', () => {
    const s = traders();
    accepted(s.place(sell('bob', 50_000n, 1000n)));
    accepted(s.place(buy('erin', 50_000n, 1000n)));
    // erin has 997.5 of AVAILABLE: leverage 5 needs 1 000 of initial margin.
    const e = refusal(s.run((x) => decideLeverage(PERP, 'erin', 5, x.market, x.facts)));
    expect([e.code, e.details]).toEqual([OrdersErrorCode.INSUFFICIENT_MARGIN, { asset: 'USDT', required: '1000000000', available: '997500000' }]);
    const d = accepted(s.run((x) => decideLeverage(PERP, 'erin', 6, x.market, x.facts)));
    expect([d.intents, s.rows.get('erin')!.leverage]).toEqual([[], 6]);
  });

  it('refuses a lower leverage whose initial margin is above an isolated position\'s margin', () => {
    const s = traders();
    openedLong(s);
    // bob's margin is 501.5: leverage 9 needs ceil(5 000 / 9) = 555.555556.
    const e = refusal(s.run((x) => decideLeverage(PERP, 'bob', 9, x.market, x.facts)));
    expect([e.code, e.details]).toEqual([OrdersErrorCode.INSUFFICIENT_MARGIN, { asset: 'USDT', required: '555555556', available: '501500000' }]);
    accepted(s.run((x) => decideLeverage(PERP, 'bob', 20, x.market, x.facts)));
    expect(s.rows.get('bob')!.leverage).toBe(20);
    expect(s.position('bob').isolatedMargin).toBe(501_500_000n);
  });

  it('locks the margin mode while an order is open or a position is', () => {
    const s = traders();
    accepted(s.place(buy('carol', 40_000n, 100n)));
    expect(refusal(s.run((x) => decideMarginMode(PERP, 'carol', 'ISOLATED', x.market, x.facts))).code).toBe(OrdersErrorCode.MARGIN_MODE_LOCKED);
    openedLong(s);
    expect(refusal(s.run((x) => decideMarginMode(PERP, 'alice', 'ISOLATED', x.market, x.facts))).code).toBe(OrdersErrorCode.MARGIN_MODE_LOCKED);
    expect(refusal(s.run((x) => decideMarginMode(PERP, 'bob', 'CROSS', x.market, x.facts))).code).toBe(OrdersErrorCode.MARGIN_MODE_LOCKED);
    const d = accepted(s.run((x) => decideMarginMode(PERP, 'erin', 'ISOLATED', x.market, x.facts)));
    expect([d.intents, s.rows.get('erin')!.marginMode]).toEqual([[], 'ISOLATED']);
  });

  it('adds to and removes from an isolated margin; a removal keeps the initial margin after an unrealized loss', () => {
    const s = traders();
    openedLong(s);
    expect(refusal(s.run((x) => decideMoveMargin(PERP, 'alice', usdt(1n), 'ADD', x.market, x.facts))).code).toBe(OrdersErrorCode.NOT_ISOLATED);
    expect(refusal(s.run((x) => decideMoveMargin(PERP, 'carol', usdt(1n), 'ADD', x.market, x.facts))).code).toBe(OrdersErrorCode.NO_POSITION);
    // At the entry, 501.5 - 500 may leave.
    expect(refusal(s.run((x) => decideMoveMargin(PERP, 'bob', 1_500_001n, 'REMOVE', x.market, x.facts))).details).toEqual({ asset: 'USDT', removable: '1.500000' });
    const removed = accepted(s.run((x) => decideMoveMargin(PERP, 'bob', 1_500_000n, 'REMOVE', x.market, x.facts)));
    expect(perpLedgerEffect(removed)).toEqual({ 'bob available': 1_500_000n, 'bob locked': -1_500_000n });
    // At 52 000 the short loses 200 and needs 520: nothing may leave.
    s.marks.set('BTC-PERP', dollars(52_000n));
    expect(refusal(s.run((x) => decideMoveMargin(PERP, 'bob', 1n, 'REMOVE', x.market, x.facts))).details).toEqual({ asset: 'USDT', removable: '0.000000' });
    const added = accepted(s.run((x) => decideMoveMargin(PERP, 'bob', usdt(300n), 'ADD', x.market, x.facts)));
    expect(perpLedgerEffect(added)).toEqual({ 'bob available': -300_000_000n, 'bob locked': 300_000_000n });
    // 800 - 200 - 520 = 80.
    expect(refusal(s.run((x) => decideMoveMargin(PERP, 'bob', 80_000_001n, 'REMOVE', x.market, x.facts))).details).toEqual({ asset: 'USDT', removable: '80.000000' });
    accepted(s.run((x) => decideMoveMargin(PERP, 'bob', 80_000_000n, 'REMOVE', x.market, x.facts)));
    expect(s.position('bob').isolatedMargin).toBe(720_000_000n);
    expect([s.ledger.available('bob'), s.ledger.locked('bob')]).toEqual([9_279_000_000n, 720_000_000n]);
    // More than the available margin cannot be added.
    expect(refusal(s.run((x) => decideMoveMargin(PERP, 'bob', 9_279_000_001n, 'ADD', x.market, x.facts))).code).toBe(OrdersErrorCode.INSUFFICIENT_MARGIN);
  });
});
