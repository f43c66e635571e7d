import { AvailableFunds, UserAccountKind } from '@lib/wallet';
import { MarketSpec, Order, OrderBook, OrderType, Side, TimeInForce } from '../../../domain';
import { Batch, MarketBatch } from '../../turns/batch';
import { Accepted, Decision } from '../../turns/turn-command';
import { PlaceOrder } from '../place.decider';
import { OpenOrders } from '../../open-orders';

/**
 * BTC-USDT with round numbers: prices in cents (priceScale 2), quantities in
 * 1e-4 BTC (quantityScale 4), USDT with 6 decimals, so a notional in USDT
 * units is price units x quantity units. Maker 0.1%, taker 0.2%.
 */
export const BTC: MarketSpec = {
  symbol: 'BTC-USDT',
  kind: 'SPOT',
  status: 'TRADING',
  base: 'BTC',
  quote: 'USDT',
  baseDecimals: 8,
  quoteDecimals: 6,
  priceScale: 2,
  quantityScale: 4,
  tickSize: 1n,
  stepSize: 1n,
  minQuantity: 1n,
  minNotional: 1_000_000n,
  makerFeePpm: 1000n,
  takerFeePpm: 2000n,
  priceBandPpm: 500_000n,
};

/** Whole USDT and BTC in smallest units. */
export const usdt = (n: bigint) => n * 1_000_000n;
export const btc = (n: bigint) => n * 100_000_000n;
/** A price in cents and a quantity in 1e-4 BTC. */
export const price = (dollars: bigint) => dollars * 100n;
export const qty = (tenThousandths: bigint) => tenThousandths;

/**
 * One market and its traders' funds, with commands decided one after the
 * other as a batch would (each decision applied to the market's memory and
 * the funds before the next is decided). The funds are what each user has
 * available, in USDT and BTC units.
 */
export class Scenario {
  readonly book = new OrderBook(BTC.symbol);
  readonly open = new OpenOrders();
  readonly untriggered = new OpenOrders();
  private ids = 0;
  readonly market: MarketBatch;
  readonly facts: Batch;
  /** Suspended users (add to suspend one mid-scenario). */
  readonly suspended = new Set<string>();

  constructor(
    funds: Record<string, { usdt?: bigint; btc?: bigint }>,
    options: { openCounts?: Record<string, number>; suspended?: string[]; named?: Map<string, Order> } = {},
  ) {
    const refs = Object.keys(funds).flatMap((userId) => ['USDT', 'BTC'].map((asset) => ({ userId, account: UserAccountKind.SPOT, asset })));
    const available = Object.values(funds).flatMap((f) => [f.usdt ?? 0n, f.btc ?? 0n]);
    const assets = new Map([
      ['USDT', { code: 'USDT', decimals: 6, faucetDailyLimit: 0n }],
      ['BTC', { code: 'BTC', decimals: 8, faucetDailyLimit: 0n }],
    ]);
    const suspended = this.suspended;
    for (const userId of options.suspended ?? []) suspended.add(userId);
    const named = new Map([...(options.named ?? new Map<string, Order>())].map(([key, o]) => [key, o.state]));
    this.market = new MarketBatch({ book: this.book, open: this.open, untriggered: this.untriggered, positions: new Map() });
    this.facts = new Batch(new Map(Object.entries(options.openCounts ?? {})), new AvailableFunds(refs, available, assets), named, { get any() { return suspended.size > 0; }, has: (u) => suspended.has(u) }, () => new Date('2026-12-06T00:00:00Z'), () => `o${++this.ids}`);
  }

  /** Decides and, when accepted, applies: what the runner does for one command. */
  run<R>(decide: (scenario: Scenario) => Decision<R>): Decision<R> {
    const decision = decide(this);
    if (decision.kind === 'accepted') this.facts.apply(this.market, decision);
    return decision;
  }
}

/** A checked order as PlaceOrderHandler hands it to the decider: a GTC limit unless told otherwise. */
export function limit(userId: string, side: Side, priceUnits: bigint, quantity: bigint, more: Partial<PlaceOrder> = {}): PlaceOrder {
  const type = more.type ?? OrderType.LIMIT;
  const holdAsset = side === Side.BUY ? 'USDT' : 'BTC';
  const hold = more.hold !== undefined ? more.hold : side === Side.SELL ? quantity * 10_000n : Order.worstCaseHold(BTC, side, priceUnits, quantity, BTC);
  return {
    spec: BTC,
    userId,
    side,
    type,
    timeInForce: TimeInForce.GTC,
    price: type === OrderType.LIMIT ? priceUnits : null,
    limit: priceUnits,
    quantity,
    clientOrderId: null,
    reduceOnly: false,
    holdAsset,
    hold,
    maxOpenOrders: 10,
    sameAs: () => true,
    trigger: null,
    goodTill: null,
    ...more,
  };
}

/** The accepted decision, or a failed expectation naming the refusal. */
export function accepted<R>(decision: Decision<R>): Accepted<R> {
  if (decision.kind !== 'accepted') throw new Error(`expected an accepted decision, got a refusal: ${decision.error.message}`);
  return decision;
}
