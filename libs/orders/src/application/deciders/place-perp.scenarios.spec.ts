import { OrderStatus, OrdersErrorCode, Side } from '../../domain';
import { Decision } from '../turns/turn-command';
import { decideCancel } from './cancel.decider';
import { decideMarginMode } from './position-settings.decider';
import { REDUCE_ONLY_CANCELED } from './follow-position';
import { accepted } from './testing/scenario';
import { Balances, PERP, PerpScenario, dollars, holdsOf, legsOf, openedLong, perpLedgerEffect, perpLimit, refusal, traders, usdt } from './testing/perp-scenario';

/*
 * Trading cases on BTC-PERP (testing/perp-scenario.ts: maker 0.02%, taker
 * 0.05%, default leverage 10, 0.1 BTC = 1000 quantity units; amounts in USDT
 * smallest units). Every user starts with 10 000 USDT AVAILABLE on MARGIN.
 * `opened`: bob (ISOLATED) rests a sell of 0.1 BTC at 50 000 and alice
 * (CROSS) buys it: alice long 1000 at 50 000, bob short 1000 isolated.
 */

const buy = (userId: string, p: bigint, q: bigint, reduceOnly = false) => perpLimit(userId, Side.BUY, dollars(p), q, { reduceOnly });
const sell = (userId: string, p: bigint, q: bigint, reduceOnly = false) => perpLimit(userId, Side.SELL, dollars(p), q, { reduceOnly });

interface Case {
  readonly name: string;
  readonly setup: (s: PerpScenario) => void;
  readonly act: (s: PerpScenario) => Decision<unknown>;
  /** HOLD_FOR_ORDER amounts of the decision, by order id. */
  readonly holds: Record<string, bigint>;
  /** [userId, holdSpent, isolatedMarginChange, realizedPnl, fee] per fill side (buyer first). */
  readonly legs: readonly (readonly [string, bigint, bigint, bigint, bigint])[];
  /** What the decision posts. */
  readonly effect: Balances;
  /** The whole ledger after (zero balances left out). */
  readonly balances: Balances;
  /** [size, entryValue, isolatedMargin] per user after. */
  readonly positions: Record<string, readonly [bigint, bigint, bigint]>;
  /** [id, status, reason] of the orders the decision changed. */
  readonly orders?: readonly (readonly [string, OrderStatus, string | null])[];
}

const afterOpened: Balances = {
  'alice available': 9_997_500_000n,
  'bob available': 9_497_500_000n,
  'bob locked': 501_500_000n,
  'carol available': usdt(10_000n),
  'erin available': usdt(1_000n),
  FEES: 3_500_000n,
};

const cases: Case[] = [
  {
    name: 'open long cross against an isolated short maker: the cross hold comes back, the isolated hold less the fee becomes the margin',
    setup: (s) => {
      accepted(s.run((x) => decideMarginMode(PERP, 'bob', 'ISOLATED', x.market, x.facts)));
      accepted(s.place(sell('bob', 50_000n, 1000n)));
    },
    act: (s) => s.place(buy('alice', 50_000n, 1000n)),
    holds: { o2: 502_500_000n },
    legs: [
      ['alice', 502_500_000n, 0n, 0n, 2_500_000n],
      ['bob', 502_500_000n, 501_500_000n, 0n, 1_000_000n],
    ],
    effect: { 'alice available': -2_500_000n, 'bob locked': -1_000_000n, FEES: 3_500_000n },
    balances: afterOpened,
    positions: { alice: [1000n, 5_000_000_000n, 0n], bob: [-1000n, 5_000_000_000n, 501_500_000n] },
    orders: [
      ['o2', OrderStatus.FILLED, null],
      ['o1', OrderStatus.FILLED, null],
    ],
  },
  {
    name: 'add at another price: the entry value is the sum (entry price 50 500)',
    setup: (s) => {
      openedLong(s);
      accepted(s.place(sell('carol', 51_000n, 1000n)));
    },
    act: (s) => s.place(buy('alice', 51_000n, 1000n)),
    holds: { o4: 512_550_000n },
    legs: [
      ['alice', 512_550_000n, 0n, 0n, 2_550_000n],
      ['carol', 512_550_000n, 0n, 0n, 1_020_000n],
    ],
    effect: { 'alice available': -2_550_000n, 'carol available': 511_530_000n, 'carol locked': -512_550_000n, FEES: 3_570_000n },
    balances: { ...afterOpened, 'alice available': 9_994_950_000n, 'carol available': 9_998_980_000n, FEES: 7_070_000n },
    positions: { alice: [2000n, 10_100_000_000n, 0n], bob: [-1000n, 5_000_000_000n, 501_500_000n], carol: [-1000n, 5_100_000_000n, 0n] },
  },
  {
    name: 'partial close with profit: the closing part holds nothing and realizes 80 USDT from CLEARING',
    setup: (s) => {
      openedLong(s);
      accepted(s.place(buy('carol', 52_000n, 400n)));
    },
    act: (s) => s.place(sell('alice', 52_000n, 400n)),
    holds: {},
    legs: [
      ['carol', 209_040_000n, 0n, 0n, 416_000n],
      ['alice', 0n, 0n, 80_000_000n, 1_040_000n],
    ],
    effect: { 'alice available': 78_960_000n, 'carol available': 208_624_000n, 'carol locked': -209_040_000n, CLEARING: -80_000_000n, FEES: 1_456_000n },
    balances: { ...afterOpened, 'alice available': 10_076_460_000n, 'carol available': 9_999_584_000n, CLEARING: -80_000_000n, FEES: 4_956_000n },
    positions: { alice: [600n, 3_000_000_000n, 0n], bob: [-1000n, 5_000_000_000n, 501_500_000n], carol: [400n, 2_080_000_000n, 0n] },
  },
  {
    name: 'flip in one order: the long closes at a loss of 100 USDT and the rest opens short at the fill price, holding its margin',
    setup: (s) => {
      openedLong(s);
      accepted(s.place(buy('carol', 49_000n, 1500n)));
    },
    act: (s) => s.place(sell('alice', 49_000n, 1500n)),
    holds: { o4: 246_225_000n },
    legs: [
      ['carol', 738_675_000n, 0n, 0n, 1_470_000n],
      ['alice', 246_225_000n, 0n, -100_000_000n, 3_675_000n],
    ],
    effect: { 'alice available': -103_675_000n, 'carol available': 737_205_000n, 'carol locked': -738_675_000n, CLEARING: 100_000_000n, FEES: 5_145_000n },
    balances: { ...afterOpened, 'alice available': 9_893_825_000n, 'carol available': 9_998_530_000n, CLEARING: 100_000_000n, FEES: 8_645_000n },
    positions: { alice: [-500n, 2_450_000_000n, 0n], bob: [-1000n, 5_000_000_000n, 501_500_000n], carol: [1500n, 7_350_000_000n, 0n] },
  },
  {
    name: 'a resting reduce-only maker is cancelled once the position shrank below it',
    setup: (s) => {
      openedLong(s);
      accepted(s.place(sell('alice', 60_000n, 1000n, true)));
      accepted(s.place(buy('carol', 50_000n, 400n)));
    },
    // alice's other sell holds margin: her reduce-only order already reduces the whole position.
    act: (s) => s.place(sell('alice', 50_000n, 400n)),
    holds: { o5: 201_000_000n },
    legs: [
      ['carol', 201_000_000n, 0n, 0n, 400_000n],
      ['alice', 201_000_000n, 0n, 0n, 1_000_000n],
    ],
    effect: { 'alice available': -1_000_000n, 'carol available': 200_600_000n, 'carol locked': -201_000_000n, FEES: 1_400_000n },
    balances: { ...afterOpened, 'alice available': 9_996_500_000n, 'carol available': 9_999_600_000n, FEES: 4_900_000n },
    positions: { alice: [600n, 3_000_000_000n, 0n], bob: [-1000n, 5_000_000_000n, 501_500_000n], carol: [400n, 2_000_000_000n, 0n] },
    orders: [
      ['o5', OrderStatus.FILLED, null],
      ['o4', OrderStatus.FILLED, null],
      ['o3', OrderStatus.CANCELED, REDUCE_ONLY_CANCELED],
    ],
  },
  {
    name: 'a resting reduce-only sell is cancelled once the position flipped short',
    setup: (s) => {
      openedLong(s);
      accepted(s.place(sell('alice', 60_000n, 500n, true)));
      accepted(s.place(buy('carol', 49_000n, 1500n)));
    },
    act: (s) => s.place(sell('alice', 49_000n, 1500n)),
    holds: { o5: 492_450_000n },
    legs: [
      ['carol', 738_675_000n, 0n, 0n, 1_470_000n],
      ['alice', 492_450_000n, 0n, -100_000_000n, 3_675_000n],
    ],
    effect: { 'alice available': -103_675_000n, 'carol available': 737_205_000n, 'carol locked': -738_675_000n, CLEARING: 100_000_000n, FEES: 5_145_000n },
    balances: { ...afterOpened, 'alice available': 9_893_825_000n, 'carol available': 9_998_530_000n, CLEARING: 100_000_000n, FEES: 8_645_000n },
    positions: { alice: [-500n, 2_450_000_000n, 0n], bob: [-1000n, 5_000_000_000n, 501_500_000n], carol: [1500n, 7_350_000_000n, 0n] },
    orders: [
      ['o5', OrderStatus.FILLED, null],
      ['o4', OrderStatus.FILLED, null],
      ['o3', OrderStatus.CANCELED, REDUCE_ONLY_CANCELED],
    ],
  },
  {
    name: 'an isolated position closed in full gives all its margin back to AVAILABLE, with its profit',
    setup: (s) => {
      openedLong(s);
      accepted(s.place(sell('carol', 49_000n, 1000n)));
    },
    act: (s) => s.place(buy('bob', 49_000n, 1000n)),
    holds: {},
    legs: [
      ['bob', 0n, -501_500_000n, 100_000_000n, 2_450_000n],
      ['carol', 492_450_000n, 0n, 0n, 980_000n],
    ],
    effect: { 'bob available': 599_050_000n, 'bob locked': -501_500_000n, 'carol available': 491_470_000n, 'carol locked': -492_450_000n, CLEARING: -100_000_000n, FEES: 3_430_000n },
    balances: { ...afterOpened, 'bob available': 10_096_550_000n, 'bob locked': 0n, 'carol available': 9_999_020_000n, CLEARING: -100_000_000n, FEES: 6_930_000n },
    positions: { alice: [1000n, 5_000_000_000n, 0n], bob: [0n, 0n, 0n], carol: [-1000n, 4_900_000_000n, 0n] },
  },
];

describe('decidePerpPlace: trading cases with exact amounts', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const s = traders();
    c.setup(s);
    const d = accepted(c.act(s));
    expect(holdsOf(d)).toEqual(c.holds);
    expect(legsOf(d)).toEqual(c.legs);
    expect(perpLedgerEffect(d)).toEqual(c.effect);
    const expected = Object.fromEntries(Object.entries(c.balances).filter(([, v]) => v !== 0n));
    expect(s.ledger.snapshot()).toEqual(Object.fromEntries(Object.entries(expected).sort(([a], [b]) => (a < b ? -1 : 1))));
    for (const [userId, [size, entryValue, isolatedMargin]] of Object.entries(c.positions)) expect(s.position(userId)).toEqual({ size, entryValue, isolatedMargin });
    if (c.orders) expect(d.orders.map(({ order }) => [order.state.id, order.state.status, order.state.reason])).toEqual(c.orders);
    // The decision moves value between accounts, it never makes or loses any.
    expect(Object.values(perpLedgerEffect(d)).reduce((a, b) => a + b, 0n)).toBe(0n);
  });

  it('records the life a flip closed, with its fees, and starts the new one at the fill', () => {
    const s = traders();
    openedLong(s);
    accepted(s.place(buy('carol', 49_000n, 1500n)));
    const d = accepted(s.place(sell('alice', 49_000n, 1500n)));
    expect(d.closedPositions).toEqual([
      expect.objectContaining({ userId: 'alice', side: 'LONG', openedQuantity: 1000n, openedValue: 5_000_000_000n, closedQuantity: 1000n, closedValue: 4_900_000_000n, realizedPnl: -100_000_000n, fees: 6_175_000n }),
    ]);
    const row = s.rows.get('alice')!;
    expect([row.openedQuantity, row.openedValue, row.fees, row.position.realizedPnl]).toEqual([500n, 2_450_000_000n, 0n, 0n]);
  });
});

describe('decidePerpPlace: refusals and holds', () => {
  it('refuses a reduce-only order that would open or add to the position', () => {
    const s = traders();
    expect(refusal(s.place(sell('alice', 50_000n, 100n, true))).code).toBe(OrdersErrorCode.REDUCE_ONLY_WOULD_INCREASE);
    openedLong(s);
    expect(refusal(s.place(buy('alice', 40_000n, 100n, true))).code).toBe(OrdersErrorCode.REDUCE_ONLY_WOULD_INCREASE);
    expect(refusal(s.place(sell('bob', 60_000n, 100n, true))).code).toBe(OrdersErrorCode.REDUCE_ONLY_WOULD_INCREASE);
  });

  it('refuses a reduce-only order larger than the position less the other reduce-only orders; it holds nothing', () => {
    const s = traders();
    openedLong(s);
    const first = accepted(s.place(sell('alice', 60_000n, 600n, true)));
    expect(first.intents).toEqual([]);
    const e = refusal(s.place(sell('alice', 61_000n, 401n, true)));
    expect([e.code, e.details]).toEqual([OrdersErrorCode.REDUCE_ONLY_WOULD_INCREASE, { position: '1000', leftToReduce: '400' }]);
    accepted(s.place(sell('alice', 61_000n, 400n, true)));
    expect(s.ledger.snapshot()).toEqual(expect.objectContaining({ 'alice available': 9_997_500_000n }));
  });

  it('refuses with INSUFFICIENT_MARGIN a hold larger than the available margin', () => {
    const s = traders();
    const e = refusal(s.place(buy('erin', 50_000n, 2000n)));
    // 50 000 x 0.2 = 10 000 USDT: 1 000 of margin + 5 of fee > 1 000.
    expect([e.code, e.details]).toEqual([OrdersErrorCode.INSUFFICIENT_MARGIN, { asset: 'USDT', required: '1005000000', available: '1000000000' }]);
    expect(holdsOf(accepted(s.place(buy('erin', 50_000n, 1980n))))).toEqual({ o1: 994_950_000n });
  });

  it('lets unrealized profit back a new order\'s margin, never above the cash (AVAILABLE)', () => {
    const s = traders();
    accepted(s.place(sell('bob', 50_000n, 1000n)));
    accepted(s.place(buy('erin', 50_000n, 1000n)));
    expect(s.ledger.available('erin')).toBe(997_500_000n);
    // At the entry: 997.5 - 500 of initial margin is left.
    expect(refusal(s.place(buy('erin', 40_000n, 1300n))).details).toEqual({ asset: 'USDT', required: '522600000', available: '497500000' });
    // At 55 000: +500 unrealized, 550 of initial margin: 997.5 - 50 is left.
    s.marks.set('BTC-PERP', dollars(55_000n));
    expect(holdsOf(accepted(s.place(buy('erin', 40_000n, 2300n))))).toEqual({ o3: 924_600_000n });
    accepted(s.run((x) => decideCancel(PERP, 'o3', x.market, x.facts)));
    expect(refusal(s.place(buy('erin', 40_000n, 2400n))).details).toEqual({ asset: 'USDT', required: '964800000', available: '947500000' });
    // At 60 000 the profit exceeds the initial margin: still no more than AVAILABLE.
    s.marks.set('BTC-PERP', dollars(60_000n));
    expect(refusal(s.place(buy('erin', 40_000n, 2490n))).details).toEqual({ asset: 'USDT', required: '1000980000', available: '997500000' });
    expect(holdsOf(accepted(s.place(buy('erin', 40_000n, 2480n))))).toEqual({ o4: 996_960_000n });
  });

  it('holds only for the part that opens beyond the position and the other same-side orders', () => {
    const s = traders();
    openedLong(s);
    expect(holdsOf(accepted(s.place(sell('alice', 60_000n, 800n))))).toEqual({});
    // 800 of the 1000 are reduced already: 1300 - 200 = 1100 open at 60 000: 660 + 3.3.
    expect(holdsOf(accepted(s.place(sell('alice', 60_000n, 1300n))))).toEqual({ o4: 663_300_000n });
    expect(s.ledger.locked('alice')).toBe(663_300_000n);
  });
});
