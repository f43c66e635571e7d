import { Bucket, LedgerIntent, entryOf } from '@lib/wallet';
import { OrderStatus, OrderType, Side, TimeInForce } from '../../domain';
import { Accepted } from '../turns/turn-command';
import { PlaceOrder, decidePlace } from './place.decider';
import { Scenario, accepted, btc, limit, price, usdt } from './testing/scenario';

/** What a decision does to every balance: the wallet's postings of its intents, summed per `owner asset bucket` ("FEES USDT" for the platform's fees). */
function ledgerEffect(decision: Accepted<unknown>): Record<string, bigint> {
  const intents: LedgerIntent[] = [...decision.intents, ...decision.passes.flatMap((p) => (p.settlement ? [{ ...p.settlement, firstTradeId: '1' }] : []))];
  const effect: Record<string, bigint> = {};
  for (const posting of intents.flatMap((i) => entryOf(i).postings)) {
    const a = posting.account;
    const key = a.owner === 'user' ? `${a.userId} ${a.asset} ${posting.bucket === Bucket.AVAILABLE ? 'available' : 'locked'}` : `${a.kind} ${a.asset}`;
    effect[key] = (effect[key] ?? 0n) + posting.amount;
  }
  for (const [key, amount] of Object.entries(effect)) if (amount === 0n) delete effect[key];
  return effect;
}

interface Case {
  readonly name: string;
  /** Orders resting before, in order (ids o1, o2, ...). */
  readonly resting: readonly PlaceOrder[];
  readonly order: PlaceOrder;
  /** [price, quantity, quote, maker fee, taker fee] per trade, in USDT units. */
  readonly trades: readonly (readonly [bigint, bigint, bigint, bigint, bigint])[];
  /** Each changed order's [id, status, reason]. */
  readonly orders: readonly (readonly [string, OrderStatus, string | null])[];
  /** The decision's effect on every balance it touches. */
  readonly balances: Record<string, bigint>;
}

const buy = (userId: string, p: bigint, q: bigint, more: Partial<PlaceOrder> = {}) => limit(userId, Side.BUY, price(p), q, more);
const sell = (userId: string, p: bigint, q: bigint, more: Partial<PlaceOrder> = {}) => limit(userId, Side.SELL, price(p), q, more);

/**
 * Trading cases on BTC-USDT (maker 0.1%, taker 0.2%; quantities in 1e-4 BTC,
 * amounts in USDT and satoshi units). Every case conserves each asset: what
 * the buyers pay is what the sellers get plus the fees.
 */
const cases: Case[] = [
  {
    name: 'a buy that crosses one ask fills at the ask, pays 0.2%, and gets its change back',
    resting: [sell('bob', 49_000n, 1000n)],
    order: buy('alice', 50_000n, 1000n),
    trades: [[price(49_000n), 1000n, 4_900_000_000n, 4_900_000n, 9_800_000n]],
    orders: [
      ['o2', OrderStatus.FILLED, null],
      ['o1', OrderStatus.FILLED, null],
    ],
    balances: { 'alice USDT available': -4_909_800_000n, 'alice BTC available': 10_000_000n, 'bob BTC locked': -10_000_000n, 'bob USDT available': 4_895_100_000n, 'FEES USDT': 14_700_000n },
  },
  {
    name: 'a buy that sweeps two asks pays each at its price, the fee rounded once on the total',
    resting: [sell('bob', 49_000n, 500n), sell('carol', 49_500n, 1000n)],
    order: buy('alice', 50_000n, 1000n),
    trades: [
      [price(49_000n), 500n, 2_450_000_000n, 2_450_000n, 4_900_000n],
      [price(49_500n), 500n, 2_475_000_000n, 2_475_000n, 4_950_000n],
    ],
    orders: [
      ['o3', OrderStatus.FILLED, null],
      ['o1', OrderStatus.FILLED, null],
      ['o2', OrderStatus.PARTIALLY_FILLED, null],
    ],
    balances: {
      'alice USDT available': -4_934_850_000n,
      'alice BTC available': 10_000_000n,
      'bob BTC locked': -5_000_000n,
      'bob USDT available': 2_447_550_000n,
      'carol BTC locked': -5_000_000n,
      'carol USDT available': 2_472_525_000n,
      'FEES USDT': 14_775_000n,
    },
  },
  {
    name: 'a sell into a smaller bid rests its rest, holding exactly that base',
    resting: [buy('alice', 50_000n, 400n)],
    order: sell('bob', 50_000n, 1000n),
    trades: [[price(50_000n), 400n, 2_000_000_000n, 2_000_000n, 4_000_000n]],
    orders: [
      ['o2', OrderStatus.PARTIALLY_FILLED, null],
      ['o1', OrderStatus.FILLED, null],
    ],
    balances: {
      'bob BTC available': -10_000_000n,
      'bob BTC locked': 6_000_000n,
      'bob USDT available': 1_996_000_000n,
      'alice USDT locked': -2_004_000_000n,
      'alice USDT available': 2_000_000n,
      'alice BTC available': 4_000_000n,
      'FEES USDT': 6_000_000n,
    },
  },
  {
    name: 'an IOC fills what it can and its rest expires, releasing the rest of its hold',
    resting: [sell('bob', 49_000n, 500n)],
    order: buy('alice', 50_000n, 1000n, { timeInForce: TimeInForce.IOC }),
    trades: [[price(49_000n), 500n, 2_450_000_000n, 2_450_000n, 4_900_000n]],
    orders: [
      ['o2', OrderStatus.EXPIRED, 'IOC_REMAINDER'],
      ['o1', OrderStatus.FILLED, null],
    ],
    balances: { 'alice USDT available': -2_454_900_000n, 'alice BTC available': 5_000_000n, 'bob BTC locked': -5_000_000n, 'bob USDT available': 2_447_550_000n, 'FEES USDT': 7_350_000n },
  },
  {
    name: 'a FOK the book cannot fill in full trades nothing and changes no balance',
    resting: [sell('bob', 49_000n, 500n)],
    order: buy('alice', 50_000n, 1000n, { timeInForce: TimeInForce.FOK }),
    trades: [],
    orders: [['o2', OrderStatus.EXPIRED, 'FOK_NOT_FILLABLE']],
    balances: {},
  },
  {
    name: 'a MARKET buy holds the walk of the book plus the fee and spends all of it',
    resting: [sell('bob', 49_000n, 500n), sell('carol', 49_500n, 500n)],
    order: buy('alice', 75_000n, 1000n, { type: OrderType.MARKET, timeInForce: TimeInForce.IOC, hold: null }),
    trades: [
      [price(49_000n), 500n, 2_450_000_000n, 2_450_000n, 4_900_000n],
      [price(49_500n), 500n, 2_475_000_000n, 2_475_000n, 4_950_000n],
    ],
    orders: [
      ['o3', OrderStatus.FILLED, null],
      ['o1', OrderStatus.FILLED, null],
      ['o2', OrderStatus.FILLED, null],
    ],
    balances: {
      'alice USDT available': -4_934_850_000n,
      'alice BTC available': 10_000_000n,
      'bob BTC locked': -5_000_000n,
      'bob USDT available': 2_447_550_000n,
      'carol BTC locked': -5_000_000n,
      'carol USDT available': 2_472_525_000n,
      'FEES USDT': 14_775_000n,
    },
  },
  {
    name: 'a buy that reaches its owner\'s own ask expires there (self-trade prevention), keeping the fills before it',
    resting: [sell('bob', 49_000n, 500n), sell('alice', 49_500n, 500n)],
    order: buy('alice', 50_000n, 1000n),
    trades: [[price(49_000n), 500n, 2_450_000_000n, 2_450_000n, 4_900_000n]],
    orders: [
      ['o3', OrderStatus.EXPIRED, 'SELF_TRADE_PREVENTED'],
      ['o1', OrderStatus.FILLED, null],
    ],
    balances: { 'alice USDT available': -2_454_900_000n, 'alice BTC available': 5_000_000n, 'bob BTC locked': -5_000_000n, 'bob USDT available': 2_447_550_000n, 'FEES USDT': 7_350_000n },
  },
];

describe('decidePlace: trading cases with exact amounts', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const s = new Scenario({ alice: { usdt: usdt(10_000n), btc: btc(1n) }, bob: { usdt: usdt(10_000n), btc: btc(1n) }, carol: { btc: btc(1n) } });
    for (const order of c.resting) accepted(s.run(() => decidePlace(order, s.market, s.facts)));
    const d = accepted(s.run(() => decidePlace(c.order, s.market, s.facts)));
    expect(d.passes.flatMap((p) => p.trades).map((t) => [t.price, t.quantity, t.quote, t.makerFee, t.takerFee])).toEqual(c.trades);
    expect(d.orders.map(({ order }) => [order.state.id, order.state.status, order.state.reason])).toEqual(c.orders);
    expect(ledgerEffect(d)).toEqual(c.balances);
    // Conservation, per asset: the decision moves value, it never makes or loses any.
    for (const asset of ['USDT', 'BTC']) {
      const moved = Object.entries(ledgerEffect(d)).filter(([key]) => key.split(' ')[1] === asset);
      expect(moved.reduce((sum, [, amount]) => sum + amount, 0n)).toBe(0n);
    }
    // No order keeps more than it holds for: an ended order holds nothing.
    for (const { order } of d.orders) if (!order.isOpen) expect(order.state.holdRemaining).toBe(0n);
  });
});
