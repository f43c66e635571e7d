import { ClosedPosition, PositionRecord } from '@lib/positions';
import { AvailableFunds, Bucket, LedgerIntent, UserAccountKind, entryOf } from '@lib/wallet';
import { MarketSpec, Order, OrderBook, OrderType, OrdersError, Side, TimeInForce, protectionPrice } from '../../../domain';
import { Batch, MarketBatch } from '../../turns/batch';
import { PerpPositions } from '../../turns/perp-positions';
import { Accepted, Decision } from '../../turns/turn-command';
import { decidePerpPlace } from '../place-perp.decider';
import { decideMarginMode } from '../position-settings.decider';
import { PlaceOrder } from '../place.decider';
import { OpenOrders } from '../../open-orders';
import { BTC } from './scenario';

/** Whole USDT in smallest units (6 decimals). */
export const usdt = (n: bigint) => n * 1_000_000n;
/** A price in whole dollars, in price units (cents). */
export const dollars = (n: bigint) => n * 100n;

/**
 * BTC-PERP settled in USDT, with the scales of BTC-USDT (prices in cents,
 * quantities in 1e-4 BTC, USDT with 6 decimals): a notional in USDT units is
 * price units x quantity units. Maker 0.02% (200 ppm), taker 0.05% (500
 * ppm); leverage up to 50; maintenance 0.4% up to 50 000 USDT of notional,
 * 1% beyond. A band of 50% around the mark. Example: 0.1 BTC (1000 units) at
 * 50 000 is 5 000 USDT of notional: 500 USDT of initial margin at the
 * default leverage 10, a maker fee of 1 USDT, a taker fee of 2.5 USDT.
 */
export const PERP: MarketSpec = {
  ...BTC,
  symbol: 'BTC-PERP',
  kind: 'PERPETUAL',
  makerFeePpm: 200n,
  takerFeePpm: 500n,
  maxLeverage: 50,
  maintenanceMarginTiers: [
    { maxNotional: usdt(50_000n), rate: 4_000n },
    { maxNotional: null, rate: 10_000n },
  ],
};

/** The mark the scenarios start with: 50 000.00. */
export const MARK = dollars(50_000n);

/** Ledger keys: `${user} available`, `${user} locked` (their MARGIN USDT account), `CLEARING`, `FEES`. */
export type Balances = Record<string, bigint>;

/**
 * What a decision posts, summed per key (zero sums left out): the wallet's
 * own postings (entryOf) of its intents, then of its passes' settlements, as
 * the decision writer sends them. Anything off the MARGIN USDT accounts,
 * CLEARING and FEES is a bug of the decider, thrown.
 */
export function perpLedgerEffect(decision: Accepted<unknown>): Balances {
  const intents: LedgerIntent[] = [...decision.intents, ...decision.passes.flatMap((p) => (p.settlement ? [{ ...p.settlement, firstTradeId: '1' }] : []))];
  const effect: Balances = {};
  for (const posting of intents.flatMap((i) => entryOf(i).postings)) {
    const a = posting.account;
    if (a.asset !== PERP.quote) throw new Error(`a perpetual decision posted ${a.asset}`);
    let key: string;
    if (a.owner === 'user') {
      if (a.kind !== UserAccountKind.MARGIN) throw new Error(`a perpetual decision posted on ${a.userId}'s ${a.kind} account`);
      key = `${a.userId} ${posting.bucket === Bucket.AVAILABLE ? 'available' : 'locked'}`;
    } else key = a.kind;
    effect[key] = (effect[key] ?? 0n) + posting.amount;
  }
  for (const [key, amount] of Object.entries(effect)) if (amount === 0n) delete effect[key];
  return effect;
}

/** The running ledger of a scenario: every balance it touched (the zero ones left out by `snapshot`). */
export class PerpLedger {
  readonly balances = new Map<string, bigint>();

  get(key: string): bigint {
    return this.balances.get(key) ?? 0n;
  }

  available(userId: string): bigint {
    return this.get(`${userId} available`);
  }

  locked(userId: string): bigint {
    return this.get(`${userId} locked`);
  }

  add(effect: Balances): void {
    for (const [key, amount] of Object.entries(effect)) this.balances.set(key, this.get(key) + amount);
  }

  /** The ledger's balances after `effect`, not applied. */
  after(effect: Balances): Map<string, bigint> {
    const next = new Map(this.balances);
    for (const [key, amount] of Object.entries(effect)) next.set(key, (next.get(key) ?? 0n) + amount);
    return next;
  }

  snapshot(): Balances {
    return Object.fromEntries([...this.balances].filter(([, v]) => v !== 0n).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

/**
 * One perpetual market, its traders' MARGIN accounts and positions, with
 * commands decided one after the other, each as a batch of its own: the
 * batch reads the funds (each user's MARGIN AVAILABLE, from the running
 * ledger), the positions (the market's rows in its memory, the marks) and decides on the market's memory; an accepted decision is
 * applied to the memory and the batch (Batch.apply), its postings to the
 * ledger, its rows to the positions. `marks` may be changed between commands.
 */
export class PerpScenario {
  readonly book = new OrderBook(PERP.symbol);
  readonly open = new OpenOrders();
  readonly untriggered = new OpenOrders();
  readonly rows = new Map<string, PositionRecord>();
  readonly closed: ClosedPosition[] = [];
  readonly marks = new Map<string, bigint>();
  readonly ledger = new PerpLedger();
  /** Users whose account is suspended (the batch's SuspendedTraders). */
  readonly suspended = new Set<string>();
  readonly users: readonly string[];
  market!: MarketBatch;
  facts!: Batch;
  private ids = 0;

  constructor(funds: Record<string, bigint>, options: { mark?: bigint } = {}) {
    this.users = Object.keys(funds);
    for (const [userId, amount] of Object.entries(funds)) this.ledger.add({ [`${userId} available`]: amount });
    this.marks.set(PERP.symbol, options.mark ?? MARK);
    this.newBatch();
  }

  /** The next batch's facts: what the runner reads for it. */
  newBatch(): void {
    const refs = this.users.map((userId) => ({ userId, account: UserAccountKind.MARGIN, asset: PERP.quote }));
    const assets = new Map([[PERP.quote, { code: PERP.quote, decimals: 6, faucetDailyLimit: 0n }]]);
    const funds = new AvailableFunds(refs, refs.map((r) => this.ledger.available(r.userId)), assets);
    // The market's rows live in its memory beside the book, as in the order write path.
    const positions = new PerpPositions(new Map([[PERP.symbol, this.rows]]), { specs: new Map([[PERP.symbol, PERP]]), marks: this.marks });
    this.market = new MarketBatch({ book: this.book, open: this.open, untriggered: this.untriggered, positions: this.rows });
    const insurance = new Map([[PERP.quote, this.ledger.get('INSURANCE_FUND')]]);
    this.facts = new Batch(new Map(), funds, new Map(), { any: this.suspended.size > 0, has: (u: string) => this.suspended.has(u) }, () => new Date('2026-12-06T00:00:00Z'), () => `o${++this.ids}`, positions, insurance);
  }

  /** Decides in a new batch and, when accepted, applies everything: what the runner and the writer do for one command. */
  run<R>(decide: (scenario: PerpScenario) => Decision<R>): Decision<R> {
    this.newBatch();
    const decision = decide(this);
    if (decision.kind === 'accepted') {
      this.facts.apply(this.market, decision);
      this.ledger.add(perpLedgerEffect(decision));
      // Committed: the rows written are one version on.
      this.market.positionsCommitted();
      this.closed.push(...(decision.closedPositions ?? []));
    }
    return decision;
  }

  place(order: PlaceOrder): Decision<unknown> {
    return this.run((s) => decidePerpPlace(order, s.market, s.facts));
  }

  /** The user's row (flat with the defaults when none). */
  position(userId: string): { size: bigint; entryValue: bigint; isolatedMargin: bigint } {
    const row = this.rows.get(userId);
    return { size: row?.position.size ?? 0n, entryValue: row?.position.entryValue ?? 0n, isolatedMargin: row?.isolatedMargin ?? 0n };
  }

  /** The user's open orders in time priority. */
  openOrdersOf(userId: string): Order[] {
    return [...this.open.values()].filter((o) => o.state.userId === userId).sort((a, b) => a.state.priority - b.state.priority);
  }
}

/** A checked perpetual order as PlaceOrderHandler hands it to the decider: a GTC limit unless told otherwise (hold decided in the turn). */
export function perpLimit(userId: string, side: Side, priceUnits: bigint, quantity: bigint, more: Partial<PlaceOrder> = {}): PlaceOrder {
  return {
    spec: PERP,
    userId,
    side,
    type: OrderType.LIMIT,
    timeInForce: TimeInForce.GTC,
    price: priceUnits,
    limit: priceUnits,
    quantity,
    clientOrderId: null,
    reduceOnly: false,
    holdAsset: PERP.quote,
    hold: null,
    maxOpenOrders: 50,
    sameAs: () => true,
    trigger: null,
    goodTill: null,
    ...more,
  };
}

/** A MARKET IOC order, its limit the band's edge around `mark`. */
export function perpMarket(userId: string, side: Side, quantity: bigint, mark: bigint, more: Partial<PlaceOrder> = {}): PlaceOrder {
  return perpLimit(userId, side, protectionPrice(PERP, side, mark), quantity, { type: OrderType.MARKET, timeInForce: TimeInForce.IOC, price: null, ...more });
}

/** The per-fill legs of a decision's settlements: [userId, holdSpent, isolatedMarginChange, realizedPnl, fee]. */
export function legsOf(decision: Accepted<unknown>): (readonly [string, bigint, bigint, bigint, bigint])[] {
  return decision.passes.flatMap((p) => (p.settlement?.kind === 'SETTLE_PERP_TRADES' ? p.settlement.legs.map((l) => [l.userId, l.holdSpent, l.isolatedMarginChange, l.realizedPnl, l.fee] as const) : []));
}

/** The amounts of a decision's HOLD_FOR_ORDER intents, by order id. */
export function holdsOf(decision: Accepted<unknown>): Record<string, bigint> {
  return Object.fromEntries(decision.intents.flatMap((i) => (i.kind === 'HOLD_FOR_ORDER' ? [[i.orderId, i.amount] as const] : [])));
}

/** alice, bob and carol with 10 000 USDT on MARGIN, erin with 1 000. */
export function traders(): PerpScenario {
  return new PerpScenario({ alice: usdt(10_000n), bob: usdt(10_000n), carol: usdt(10_000n), erin: usdt(1_000n) });
}

/** bob (ISOLATED) rests a sell of 0.1 BTC at 50 000 (o1) and alice (CROSS) buys it (o2): alice long 1000, bob short 1000 with 501.5 USDT of margin. */
export function openedLong(s: PerpScenario): void {
  for (const decision of [
    s.run((x) => decideMarginMode(PERP, 'bob', 'ISOLATED', x.market, x.facts)),
    s.place(perpLimit('bob', Side.SELL, dollars(50_000n), 1000n)),
    s.place(perpLimit('alice', Side.BUY, dollars(50_000n), 1000n)),
  ]) {
    if (decision.kind !== 'accepted') throw decision.error;
  }
}

/** The refusal's OrdersError, or a failed expectation. */
export function refusal(decision: Decision<unknown>): OrdersError {
  if (decision.kind !== 'refused') throw new Error('expected a refusal, the decision was accepted');
  if (!(decision.error instanceof OrdersError)) throw new Error(`expected an OrdersError, got ${String(decision.error)}`);
  return decision.error;
}
