import { OrderStatus, OrdersErrorCode, Side } from '../../domain';
import { ADMIN_CANCELED_REASON, decideForceClose } from './force-close.decider';
import { accepted } from './testing/scenario';
import { MARK, PerpScenario, dollars, openedLong, perpLedgerEffect, perpLimit, perpMarket, refusal, traders } from './testing/perp-scenario';

/*
 * An admin's forced close on BTC-PERP (testing/perp-scenario.ts: maker
 * 0.02%, taker 0.05%, leverage 10; amounts in USDT smallest units). `opened`:
 * alice (CROSS) long 0.1 BTC (1000) at 50 000, bob short. Alice also rests a
 * bid of 0.05 at 49 000 (246.225 USDT held) and a reduce-only ask of 0.05 at
 * 52 000; carol bids 0.1 at 49 900.
 */
function opened(): PerpScenario {
  const s = traders();
  openedLong(s);
  accepted(s.place(perpLimit('alice', Side.BUY, dollars(49_000n), 500n)));
  accepted(s.place(perpLimit('alice', Side.SELL, dollars(52_000n), 500n, { reduceOnly: true })));
  accepted(s.place(perpLimit('carol', Side.BUY, dollars(49_900n), 1000n)));
  return s;
}

const close = (s: PerpScenario, userId: string, side: Side) => s.run((x) => decideForceClose(perpMarket(userId, side, 0n, MARK, { reduceOnly: true }), x.market, x.facts));

describe('decideForceClose', () => {
  it('cancels the user\'s orders there first, then sells the whole long at market, as a close', () => {
    const s = opened();
    expect(s.ledger.locked('alice')).toBe(246_225_000n);
    const decision = accepted(close(s, 'alice', Side.SELL));
    // The bid's hold back (246.225), then -10 of PnL at 49 900 and 2.495 of taker fee.
    expect(perpLedgerEffect(decision)).toMatchObject({ 'alice locked': -246_225_000n, 'alice available': 246_225_000n - 10_000_000n - 2_495_000n });
    expect(s.ledger.locked('alice')).toBe(0n);
    expect(s.position('alice')).toEqual({ size: 0n, entryValue: 0n, isolatedMargin: 0n });
    expect(s.position('carol').size).toBe(1000n);
    expect(s.openOrdersOf('alice')).toEqual([]);
    const answer = decision.answer([]);
    expect({ before: answer.sizeBefore, after: answer.sizeAfter }).toEqual({ before: 1000n, after: 0n });
    expect(answer.cancelled.map((o) => [o.status, o.reason])).toEqual([
      [OrderStatus.CANCELED, ADMIN_CANCELED_REASON],
      [OrderStatus.CANCELED, ADMIN_CANCELED_REASON],
    ]);
    expect(answer.order).toMatchObject({ side: 'SELL', type: 'MARKET', reduceOnly: true, status: OrderStatus.FILLED, filledQuantity: '0.1000' });
  });

  it('closes a suspended account\'s position too: the platform\'s order', () => {
    const s = opened();
    s.suspended.add('alice');
    accepted(close(s, 'alice', Side.SELL));
    expect(s.position('alice').size).toBe(0n);
  });

  it('closes what the book takes within the band, the rest stays open', () => {
    const s = traders();
    openedLong(s);
    accepted(s.place(perpLimit('carol', Side.BUY, dollars(49_900n), 400n)));
    const answer = accepted(close(s, 'alice', Side.SELL)).answer([]);
    expect({ before: answer.sizeBefore, after: answer.sizeAfter }).toEqual({ before: 1000n, after: 600n });
    expect(answer.order).toMatchObject({ status: OrderStatus.CANCELED, reason: 'MARKET_REMAINDER', filledQuantity: '0.0400' });
  });

  it('refuses NO_POSITION, the book untouched, when the position is gone or on the other side', () => {
    const s = opened();
    const seq = s.book.seq;
    expect(refusal(close(s, 'carol', Side.SELL)).code).toBe(OrdersErrorCode.NO_POSITION);
    expect(refusal(close(s, 'alice', Side.BUY)).code).toBe(OrdersErrorCode.NO_POSITION);
    expect(s.book.seq).toBe(seq);
    expect(s.openOrdersOf('alice')).toHaveLength(2);
  });
});
