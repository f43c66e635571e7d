import { DomainError } from '@lib/kernel';
import type { LedgerIntent } from '@lib/wallet';
import { LINKED_ORDER_TRIGGERED, MarketSpec, Order, OrderStatus, OrdersErrorCode, PPM, Side, endsItsList, notional, protectionPrice, reached } from '../../domain';
import { Decision, Facts, MarketView } from '../turns/turn-command';
import { decidePerpPlace } from './place-perp.decider';
import { PlaceOrder, decidePlace } from './place.decider';
import { releaseOf } from './settle-pass';
import { ListEnd, endSiblings } from './follow-lists';

/** A price the trigger monitor saw reach an untriggered order. */
export interface TriggerFire {
  readonly orderId: string;
  /** The price it watches (mark or last trade), as seen. */
  readonly price: bigint;
  /** A trailing stop: its anchor as of that price (at least as far as the stored one). */
  readonly anchor: bigint | null;
  /** The mark then: a MARKET kind's protection price is the band's edge around it. */
  readonly mark: bigint;
  /** What the pre-trade stage refused it for at the trigger (the order then expires with this code). */
  readonly refusal?: Error;
}

export type TriggerAnswer =
  | { readonly kind: 'triggered'; readonly status: OrderStatus }
  /** Refused at the trigger: EXPIRED (or CANCELED: a closePosition order with no position) with the reason. */
  | { readonly kind: 'ended'; readonly status: OrderStatus; readonly reason: string }
  /** Not waiting any more (triggered, cancelled or expired by an earlier command): nothing done. */
  | { readonly kind: 'gone' }
  | { readonly kind: 'not-reached' };

/**
 * A conditional order's trigger (docs/conditional-orders.md): in its
 * market's turn, the order must still be UNTRIGGERED (so it triggers once,
 * whatever the instances and retries) and the price seen must meet its
 * condition; it then becomes its LIMIT or MARKET order, same id, through the
 * same decision as a new order (decidePlace / decidePerpPlace), holding what
 * it held (spot) or the margin it needs now (perpetuals). What that decision
 * refuses before the book changes (the margin, reduce-only, the bracket, a
 * pre-trade refusal) ends the order instead: EXPIRED with the refusal's code,
 * its hold released, an `order` event.
 */
export function decideTrigger(spec: MarketSpec, fire: TriggerFire, market: MarketView, facts: Facts, maxOpenOrders: number): Decision<TriggerAnswer> {
  const order = market.untriggeredOrder(fire.orderId);
  if (!order) return nothing({ kind: 'gone' });
  const s = order.state;
  const trigger = { ...s.trigger!, anchor: further(s.side, s.trigger!.anchor, fire.anchor) };
  if (!reached(trigger, s.side, fire.price)) return nothing({ kind: 'not-reached' });
  // An OCO leg or a bracket's leg that triggers ends the rest of its list first; on spot, what they held
  // (the list's one hold, docs/conditional-orders.md) becomes this order's.
  const linked: ListEnd = endsItsList(s.listRole) ? endSiblings(spec, market, order, new Map(), LINKED_ORDER_TRIGGERED, facts.now) : { orders: [], releases: [], passes: [] };
  // The hold moves between the orders' rows only: the account's locked balance already holds it (no ledger posting).
  const passesOn = (r: LedgerIntent) => r.kind === 'RELEASE_ORDER_HOLD' && r.asset === s.holdAsset && spec.kind !== 'PERPETUAL';
  const transferred = linked.releases.reduce((sum, r) => (passesOn(r) && r.kind === 'RELEASE_ORDER_HOLD' ? sum + r.amount : sum), 0n);
  const end = (status: OrderStatus.EXPIRED | OrderStatus.CANCELED, reason: string) => withLinked(ended(spec, order, status, reason, facts), linked);
  if (fire.refusal) return end(OrderStatus.EXPIRED, codeOf(fire.refusal));
  let quantity = order.remaining;
  if (trigger.closePosition) {
    const size = facts.positionOf(s.userId, spec).position.size;
    const closes = s.side === Side.SELL ? size : -size;
    if (closes <= 0n) return end(OrderStatus.CANCELED, OrdersErrorCode.NO_POSITION);
    quantity = closes;
  }
  const existing = order.copy();
  existing.state.holdRemaining += transferred;
  const perp = spec.kind === 'PERPETUAL';
  let limit = s.price ?? protectionPrice(spec, s.side, fire.mark);
  // A spot MARKET-kind buy never trades past what its hold covers.
  if (!perp && s.price === null && s.side === Side.BUY) {
    const cap = coveredPrice(spec, existing, quantity);
    if (cap === 0n) return end(OrderStatus.EXPIRED, 'INSUFFICIENT_BALANCE');
    if (cap < limit) limit = cap;
  }
  const place: PlaceOrder = {
    spec,
    userId: s.userId,
    side: s.side,
    type: s.type,
    timeInForce: s.timeInForce,
    price: s.price,
    limit,
    quantity,
    clientOrderId: s.clientOrderId,
    reduceOnly: s.reduceOnly,
    holdAsset: s.holdAsset,
    hold: null,
    maxOpenOrders,
    sameAs: () => false,
    trigger,
    goodTill: s.goodTill,
    listId: s.listId,
    listRole: s.listRole,
    existing,
    ended: linked.orders,
  };
  const seq = market.book.seq;
  const decision = perp ? decidePerpPlace(place, market, facts) : decidePlace(place, market, facts);
  if (decision.kind === 'refused') {
    // After the book changed (a suspended maker), the runner rolls back and sends it again; before, the order ends.
    if (market.book.seq !== seq) return decision;
    return end(OrderStatus.EXPIRED, codeOf(decision.error));
  }
  const placed = decision.orders.find((o) => o.order.state.id === s.id)?.order;
  return {
    ...decision,
    orders: [...linked.orders.map((o) => ({ order: o, isNew: false })), ...decision.orders],
    // What the siblings held of another asset is released; what they held of this order's passed on to it.
    intents: [...linked.releases.filter((r) => !passesOn(r)), ...decision.intents],
    passes: [...linked.passes, ...decision.passes],
    answer: () => ({ kind: 'triggered', status: placed?.state.status ?? OrderStatus.NEW }),
  };
}

function withLinked(decision: Decision<TriggerAnswer>, linked: ListEnd): Decision<TriggerAnswer> {
  if (decision.kind === 'refused' || linked.orders.length === 0) return decision;
  return { ...decision, orders: [...linked.orders.map((o) => ({ order: o, isNew: false })), ...decision.orders], intents: [...linked.releases, ...decision.intents], passes: [...linked.passes, ...decision.passes] };
}

/** A trailing anchor only moves one way: the higher of two for a sell, the lower for a buy. */
function further(side: Side, a: bigint | null, b: bigint | null): bigint | null {
  if (a === null || b === null) return a ?? b;
  return side === Side.SELL ? (a > b ? a : b) : a < b ? a : b;
}

function nothing(answer: TriggerAnswer): Decision<TriggerAnswer> {
  return { kind: 'accepted', orders: [], intents: [], passes: [], answer: () => answer };
}

/** The order ends at its trigger without trading: `status` with `reason`, what it holds released. */
function ended(spec: MarketSpec, order: Order, status: OrderStatus.EXPIRED | OrderStatus.CANCELED, reason: string, facts: Facts): Decision<TriggerAnswer> {
  const copy = order.copy();
  copy.end(status, reason);
  copy.state.trigger = { ...copy.state.trigger!, triggeredAt: facts.now };
  copy.state.updatedAt = facts.now;
  const unused = copy.takeUnusedHold();
  return {
    kind: 'accepted',
    orders: [{ order: copy, isNew: false }],
    intents: unused > 0n ? [releaseOf(spec, copy, unused)] : [],
    passes: [],
    answer: () => ({ kind: 'ended', status, reason }),
  };
}

/** The reason an order refused at its trigger ends with: the refusal's stable code (every decider refuses with a domain error). */
function codeOf(error: Error): string {
  return error instanceof DomainError ? String(error.code) : 'TRIGGER_REFUSED';
}

/**
 * The highest price on the tick grid at which `quantity` costs no more than
 * what the order holds (price x quantity plus the fee at the higher of its
 * rates, as Order.worstCaseHold counts it); 0 when not even one tick.
 */
export function coveredPrice(spec: MarketSpec, order: Order, quantity: bigint): bigint {
  const s = order.state;
  const rate = s.takerFeePpm > s.makerFeePpm ? s.takerFeePpm : s.makerFeePpm;
  const perTick = notional(spec, spec.tickSize, quantity);
  if (perTick === 0n) return spec.tickSize;
  let price = ((s.holdRemaining * PPM) / (PPM + rate) / perTick) * spec.tickSize;
  while (price > 0n && Order.worstCaseHold(spec, s.side, price, quantity, s) > s.holdRemaining) price -= spec.tickSize;
  return price > 0n ? price : 0n;
}
