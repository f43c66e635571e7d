import { OrderStatus, Side } from '../../domain';
import { POSITION_CHANGED_CANCELED } from './follow-position';
import { decideMarginMode } from './position-settings.decider';
import { accepted } from './testing/scenario';
import { MARK, PERP, dollars, holdsOf, legsOf, openedLong, perpLimit, perpMarket, refusal, traders } from './testing/perp-scenario';
import { decideCancel } from './cancel.decider';

/*
 * Two cases the property and the scenarios found (each an exact case on
 * BTC-PERP, testing/perp-scenario.ts), and the rules that now keep them.
 */

const buy = (userId: string, p: bigint, q: bigint, reduceOnly = false) => perpLimit(userId, Side.BUY, dollars(p), q, { reduceOnly });
const sell = (userId: string, p: bigint, q: bigint, reduceOnly = false) => perpLimit(userId, Side.SELL, dollars(p), q, { reduceOnly });

describe('a closing order never trades past an isolated position\'s bankruptcy price', () => {
  /*
   * erin (1 000 USDT, ISOLATED) is short 0.1 BTC at 50 000 with 501.5 of
   * margin, and holds 482.4 for a sell at 60 000: 15.1 is left AVAILABLE. A
   * reduce-only buy at 56 000 would lose 600 + a fee of 1.12 against 501.5
   * of margin: AVAILABLE would end at -84.52 USDT, which the wallet refuses,
   * so every taker reaching that price would fail while it rests. Her
   * bankruptcy price, fee at 0.05 % and 2 units of rounding in hand, is
   * floor((5 000 + 501.499998) x 10^6 / (0.1 x 1.0005)) cents = 54 987.50:
   * a buy above it is refused, one at it is taken, and a market buy stops there.
   */
  it('refuses a limit past it, takes one at it, and stops a market order at it', () => {
    const s = traders();
    accepted(s.run((x) => decideMarginMode(PERP, 'erin', 'ISOLATED', x.market, x.facts)));
    accepted(s.place(sell('erin', 50_000n, 1000n)));
    accepted(s.place(buy('alice', 50_000n, 1000n)));
    expect(s.position('erin')).toEqual({ size: -1000n, entryValue: 5_000_000_000n, isolatedMargin: 501_500_000n });
    expect(holdsOf(accepted(s.place(sell('erin', 60_000n, 800n))))).toEqual({ o3: 482_400_000n });
    expect(refusal(s.place(buy('erin', 56_000n, 1000n, true))).code).toBe('BEYOND_BANKRUPTCY_PRICE');
    expect(refusal(s.place(perpLimit('erin', Side.BUY, 5_498_751n, 1000n, { reduceOnly: true }))).code).toBe('BEYOND_BANKRUPTCY_PRICE');
    accepted(s.place(perpLimit('erin', Side.BUY, 5_498_750n, 1000n, { reduceOnly: true })));
    accepted(s.run((x) => decideCancel(PERP, 'o4', x.market, x.facts)));
    // A market buy's reach (the band's edge) stops at the bankruptcy price: the ask above it is left alone.
    accepted(s.place(sell('carol', 56_000n, 1000n)));
    const market = accepted(s.place(perpMarket('erin', Side.BUY, 1000n, MARK, { reduceOnly: true })));
    expect(legsOf(market)).toEqual([]);
    expect(s.ledger.available('erin')).toBe(15_100_000n);
  });
});

describe('an order that held nothing because another reduced first never opens unchecked', () => {
  /*
   * bob is short 0.1 BTC ISOLATED at 50 000 with 501.5 of margin. His buy of
   * 0.1 at 40 000 reduces the position: it holds nothing. His later buy of
   * 0.1 at 50 000 comes after it on the same side, so it holds 502.5 as if
   * it opened; but it fills first (carol's ask at 50 000) and closes the
   * short. The first buy would now open a long it holds nothing for: the
   * pass that closed the short cancels it (POSITION_CHANGED), so alice's
   * sell at 40 000 finds no bid and bob stays flat.
   */
  it('cancels the resting order the position no longer covers, in the pass that changed it', () => {
    const s = traders();
    openedLong(s);
    expect(holdsOf(accepted(s.place(buy('bob', 40_000n, 1000n))))).toEqual({});
    accepted(s.place(sell('carol', 50_000n, 1000n)));
    const closing = accepted(s.place(buy('bob', 50_000n, 1000n)));
    expect(holdsOf(closing)).toEqual({ o5: 502_500_000n });
    expect(closing.orders.map(({ order }) => [order.state.id, order.state.status, order.state.reason])).toContainEqual(['o3', OrderStatus.CANCELED, POSITION_CHANGED_CANCELED]);
    expect(s.position('bob')).toEqual({ size: 0n, entryValue: 0n, isolatedMargin: 0n });
    const d = accepted(s.place(sell('alice', 40_000n, 1000n)));
    expect(legsOf(d)).toEqual([]);
    expect(s.position('bob').size).toBe(0n);
  });
});
