import type { NewIntegrationEvent } from '@lib/platform';
import { ListStatus, Order } from '../../domain';
import { PlaceAnswer, PlaceOrder, accountOf, decidePerpPlace, decidePlace } from '../deciders';
import { toFillView, toOrderView } from '../order-view';
import { Accepted, Decision, Facts, MarketView, Refused, refused } from '../turns/turn-command';
import { PlacedOrderView } from '../views';
import { StoredList, orderListEvent } from './order-list';

export interface PlacedList {
  readonly list: StoredList;
  readonly orders: readonly PlacedOrderView[];
}

/**
 * Places a list's first orders (an OCO's two legs, a bracket's entry, an
 * OTO's working order) in one decision, each through the decision of a
 * single order. An OCO's legs on spot share one hold: the first holds what it
 * needs, the second only what it needs beyond that (the list never spends
 * both: when one leg fills or triggers the other is cancelled, and a leg that
 * triggers takes over its sibling's hold). `record` writes the list's row
 * (null, or the refusal when its clientListId is taken).
 */
export function decidePlaceList(list: StoredList, orders: readonly PlaceOrder[], record: () => Promise<Error | null>, market: MarketView, facts: Facts): Decision<PlacedList> {
  const all = placeAll(orders, market, facts);
  if (all.kind === 'refused') return all;
  const events: NewIntegrationEvent[] = [orderListEvent(list, ListStatus.EXECUTING, all.placed.map((o) => o.state.id), facts.now)];
  return {
    ...all.parts,
    events,
    write: record,
    answer: (trades) => {
      const spec = orders[0]!.spec;
      const fillsOf = (order: Order) => trades.filter((t) => t.takerOrderId === order.state.id || t.makerOrderId === order.state.id).map((t) => toFillView(spec, t, list.userId));
      return { list, orders: all.placed.map((order) => ({ ...toOrderView(spec, order.state), fills: fillsOf(order) })) };
    },
  };
}

/**
 * Places a list's orders one after the other, each through the decision of a
 * single order, two spot ones of one asset sharing one hold (checked as a
 * whole first); refused as soon as one is. `parts`: the decisions merged.
 */
export function placeAll(orders: readonly PlaceOrder[], market: MarketView, facts: Facts): Refused | { kind: 'placed'; placed: Order[]; parts: Omit<Accepted<never>, 'answer'> } {
  const shared = sharedHolds(orders);
  if (shared.total > 0n) {
    const first = orders[0]!;
    const shortfall = facts.shortfall({ userId: first.userId, account: accountOf(first.spec), asset: first.holdAsset }, shared.total);
    if (shortfall) return refused(shortfall);
  }
  const decided: Accepted<PlaceAnswer>[] = [];
  for (const [i, order] of orders.entries()) {
    const o = { ...order, hold: shared.holds[i] ?? order.hold };
    const decision = o.spec.kind === 'PERPETUAL' ? decidePerpPlace(o, market, facts) : decidePlace(o, market, facts);
    if (decision.kind === 'refused') return decision;
    decided.push(decision);
  }
  return {
    kind: 'placed',
    placed: decided.flatMap((d) => d.orders.filter((o) => o.isNew).map((o) => o.order)),
    parts: {
      kind: 'accepted',
      orders: decided.flatMap((d) => d.orders),
      intents: decided.flatMap((d) => d.intents),
      passes: decided.flatMap((d) => d.passes),
      positions: decided.flatMap((d) => d.positions ?? []),
      closedPositions: decided.flatMap((d) => d.closedPositions ?? []),
    },
  };
}

/** Spot OCO legs of one hold asset: the first holds in full, the second the excess (null where the order decides its own). */
export function sharedHolds(orders: readonly PlaceOrder[]): { holds: (bigint | null)[]; total: bigint } {
  const [a, b] = orders;
  if (orders.length !== 2 || a!.hold === null || b!.hold === null || a!.holdAsset !== b!.holdAsset) return { holds: orders.map((o) => o.hold), total: 0n };
  const excess = b!.hold > a!.hold ? b!.hold - a!.hold : 0n;
  return { holds: [a!.hold, excess], total: a!.hold + excess };
}
