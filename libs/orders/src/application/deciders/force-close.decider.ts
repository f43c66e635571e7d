import type { FundsRef } from '@lib/wallet';
import type { Holding, PositionRecord } from '@lib/positions';
import { MarketSpec, OrdersError, OrdersErrorCode, Side } from '../../domain';
import { NamedOrder } from '../ports';
import { Accepted, Decision, Facts, MarketView, refused } from '../turns/turn-command';
import { OrderView, PlacedOrderView } from '../views';
import { decideCancelAll } from './cancel.decider';
import { decidePerpPlace } from './place-perp.decider';
import { PlaceAnswer, PlaceOrder } from './place.decider';
import { accountOf } from './settle-pass';

/** The reason on an order an admin cancelled (a forced cancel, or before a forced close). */
export const ADMIN_CANCELED_REASON = 'ADMIN_CANCELED';

export interface ForceCloseAnswer {
  /** The position's signed size when the turn decided (> 0 long), and after the close. */
  readonly sizeBefore: bigint;
  readonly sizeAfter: bigint;
  /** The user's orders on the market, cancelled first (ADMIN_CANCELED). */
  readonly cancelled: readonly OrderView[];
  /** The MARKET reduce-only order that closed it, with its fills. */
  readonly order: PlacedOrderView;
}

/**
 * An admin's forced close of a user's position on a perpetual market, in the
 * market's turn: the user's orders there are cancelled first (ADMIN_CANCELED:
 * they may not trade against the close, and self-trade prevention would stop
 * the close at the first of them), then `order` (a MARKET reduce-only IOC on
 * the closing side, its limit the band's edge) is decided for the whole
 * position as the turn sees it, by decidePerpPlace, forced: the same rules
 * as a user's close (POST /positions/:symbol/close) and the kill switch's
 * (band, bankruptcy bound, fees, positions, lists), whatever the account's
 * status. What the book cannot take within them stays open (sizeAfter).
 * No position (closed since the caller looked) is refused NO_POSITION before
 * anything moves; a position on the other side than `order` likewise.
 */
export function decideForceClose(order: PlaceOrder, market: MarketView, facts: Facts): Decision<ForceCloseAnswer> {
  const { spec, userId } = order;
  const size = facts.positionOf(userId, spec).position.size;
  if (size === 0n || (size > 0n) !== (order.side === Side.SELL)) {
    return refused(new OrdersError(OrdersErrorCode.NO_POSITION, `There is no position on ${spec.symbol} for this close`, { symbol: spec.symbol }));
  }
  const cancel = decideCancelAll(spec, userId, ADMIN_CANCELED_REASON, market, facts);
  if (cancel.kind !== 'accepted') return cancel;
  const ended = new Set(cancel.orders.map((o) => o.order.state.id));
  // What the cancels release is the account's cash again before the close is bounded by it (cross).
  const released = cancel.intents.reduce((sum, i) => (i.kind === 'RELEASE_ORDER_HOLD' && i.userId === userId && i.account === accountOf(spec) && i.asset === spec.quote ? sum + i.amount : sum), 0n);
  const place = decidePerpPlace({ ...order, quantity: size < 0n ? -size : size }, withoutOrdersOf(market, userId, ended), new WithCash(facts, userId, spec.quote, released), true);
  if (place.kind !== 'accepted') return place;
  const after = place.positions?.find((p) => p.userId === userId)?.position.size ?? size;
  const accepted: Accepted<ForceCloseAnswer> = {
    kind: 'accepted',
    orders: [...cancel.orders, ...place.orders],
    intents: [...cancel.intents, ...place.intents],
    passes: [...cancel.passes, ...place.passes],
    positions: place.positions ?? [],
    closedPositions: place.closedPositions ?? [],
    answer: (trades) => ({ sizeBefore: size, sizeAfter: after, cancelled: cancel.answer([]), order: placedOf(place.answer(trades)) }),
  };
  return accepted;
}

function placedOf(answer: PlaceAnswer): PlacedOrderView {
  // A forced close has no clientOrderId: it is never a repeat.
  if (answer.kind !== 'placed') throw new Error('a forced close came back as a repeat');
  return answer.order;
}

/** The market as it is once the user's orders `ended` are out of it (the decision has not been applied yet). */
function withoutOrdersOf(market: MarketView, userId: string, ended: ReadonlySet<string>): MarketView {
  return {
    book: market.book,
    openOrder: (id) => (ended.has(id) ? undefined : market.openOrder(id)),
    touchedOrder: (id) => market.touchedOrder(id),
    openOrdersOf: (u) => (u === userId ? [] : market.openOrdersOf(u)),
    untriggeredOrder: (id) => (ended.has(id) ? undefined : market.untriggeredOrder(id)),
    untriggeredOf: (u) => (u === userId ? [] : market.untriggeredOf(u)),
    openPositions: () => market.openPositions(),
  };
}

/** The batch's facts, with what the cancels released counted in the user's MARGIN cash. */
class WithCash implements Facts {
  constructor(
    private readonly facts: Facts,
    private readonly userId: string,
    private readonly asset: string,
    private readonly released: bigint,
  ) {}

  get now(): Date {
    return this.facts.now;
  }

  newId(): string {
    return this.facts.newId();
  }

  shortfall(ref: FundsRef, amount: bigint): Error | null {
    return this.facts.shortfall(ref, amount);
  }

  openOrderCount(userId: string): number {
    return this.facts.openOrderCount(userId);
  }

  orderNamed(userId: string, clientOrderId: string): NamedOrder | undefined {
    return this.facts.orderNamed(userId, clientOrderId);
  }

  isSuspended(userId: string): boolean {
    return this.facts.isSuspended(userId);
  }

  positionOf(userId: string, spec: MarketSpec): PositionRecord {
    return this.facts.positionOf(userId, spec);
  }

  holdingsOf(userId: string, asset: string): Holding[] {
    return this.facts.holdingsOf(userId, asset);
  }

  marginAvailable(userId: string, asset: string): bigint {
    return this.facts.marginAvailable(userId, asset) + this.extra(userId, asset);
  }

  marginCash(userId: string, asset: string): bigint {
    return this.facts.marginCash(userId, asset) + this.extra(userId, asset);
  }

  availableOf(ref: FundsRef): bigint | undefined {
    return this.facts.availableOf(ref);
  }

  markOf(symbol: string): bigint | undefined {
    return this.facts.markOf(symbol);
  }

  insuranceFund(asset: string): bigint {
    return this.facts.insuranceFund(asset);
  }

  private extra(userId: string, asset: string): bigint {
    return userId === this.userId && asset === this.asset ? this.released : 0n;
  }
}
