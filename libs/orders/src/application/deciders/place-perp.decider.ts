import { UserAccountKind, type LedgerIntent } from '@lib/wallet';
import { toFillView, toOrderView } from '../order-view';
import { Decision, Facts, MarketView, refused } from '../turns/turn-command';
import { PlaceAnswer, PlaceOrder, decideConditional, decidedBeforeTheBook, placeOnBook } from './place.decider';
import { bankruptcyBound, beyondBankruptcy, beyondBound, bracketRefusal, crossCloseBound, insufficientMargin, leftToReduce, openingQuantity, perpHold, reduceOnlyRefusal, reducibleQuantity, remainingOn } from './perp-holds';
import { followPositions } from './follow-position';
import { settlePass } from './settle-pass';
import { followLists } from './follow-lists';

/**
 * Places an order on a perpetual market (docs/positions.md, "Orders on
 * perpetuals"). As on spot: the clientOrderId, the open-order limit; then
 * the position decides what the order holds: a reduce-only order must fit
 * what is left to reduce and holds nothing; another holds the initial margin
 * and fee of the part that opens, which the account's available margin must
 * cover. The engine matches it, each fill moves both positions and is
 * settled through the ledger (SETTLE_PERP_TRADES), and the resting orders
 * the moved positions no longer fit are cancelled (followPositions). An
 * order closing an isolated position never trades past its bankruptcy
 * price (a limit past it is refused, a market order's reach stops there).
 * `forced`: the platform's own order for the account (an admin's forced
 * close), placed and settled whatever the account's status, as a
 * liquidation's is.
 */
export function decidePerpPlace(order: PlaceOrder, market: MarketView, facts: Facts, forced = false): Decision<PlaceAnswer> {
  const { spec, userId } = order;
  if (order.trigger !== null && !order.existing) return decideConditional(order, facts);
  const early = order.existing ? null : decidedBeforeTheBook(order, facts);
  if (early) return early;
  const record = facts.positionOf(userId, spec);
  const mine = market.openOrdersOf(userId);
  // A position closes no further than its bankruptcy price (isolated: its margin; cross: the account's cash):
  // a limit past it is refused, a market order stops there.
  const closing = reducibleQuantity(record.position.size, order.side, remainingOn(mine, order.side));
  const bound = bankruptcyBound(spec, record) ?? crossCloseBound(spec, record, order.quantity < closing ? order.quantity : closing, facts.marginCash(userId, spec.quote));
  if (order.price !== null && beyondBound(bound, order.side, order.price)) return refused(beyondBankruptcy(spec, bound!));
  const o = beyondBound(bound, order.side, order.limit) ? { ...order, limit: bound!.price } : order;
  const size = record.position.size;
  let hold = 0n;
  if (o.reduceOnly) {
    const left = leftToReduce(size, o.side, remainingOn(mine, o.side, (x) => x.state.reduceOnly));
    if (left === null || o.quantity > left) return refused(reduceOnlyRefusal(size, left));
  } else {
    const sameSide = remainingOn(mine, o.side);
    const bracket = bracketRefusal(spec, record.leverage, size, o.side, o.quantity, sameSide, o.price ?? facts.markOf(spec.symbol) ?? o.limit);
    if (bracket) return refused(bracket);
    hold = perpHold(spec, record.leverage, o.limit, openingQuantity(size, o.side, o.quantity, sameSide));
    if (hold > 0n) {
      const available = facts.marginAvailable(userId, spec.quote);
      if (hold > available) return refused(insufficientMargin(spec.quote, hold, available));
    }
  }
  const booked = placeOnBook({ ...o, holdAsset: spec.quote }, hold, market, facts, forced);
  if (booked.kind === 'refused') return booked;
  const { placed, result } = booked;
  const id = placed.state.id;
  const pass = settlePass(spec, market, facts, result, placed, forced);
  if (pass.kind === 'refused') return pass;
  const touched = new Map([...(order.ended ?? []), ...pass.orders].map((o) => [o.state.id, o]));
  const trimmed = followPositions(spec, market, pass.positions, touched, facts.now);
  const orders = new Map(touched);
  for (const o of trimmed.orders) orders.set(o.state.id, o);
  const linked = followLists(spec, market, orders, facts.now);
  for (const o of linked.orders) orders.set(o.state.id, o);
  for (const o of order.ended ?? []) orders.delete(o.state.id);
  const holdIntent: LedgerIntent[] = hold > 0n ? [{ kind: 'HOLD_FOR_ORDER', orderId: id, userId, account: UserAccountKind.MARGIN, asset: spec.quote, amount: hold }] : [];
  return {
    kind: 'accepted',
    orders: [...orders.values()].map((o) => ({ order: o, isNew: o === placed && !order.existing })),
    intents: [...holdIntent, ...pass.releases, ...trimmed.releases, ...linked.releases],
    passes: [pass.record, ...trimmed.passes, ...linked.passes],
    positions: pass.positions,
    closedPositions: pass.closedPositions,
    answer: (trades) => ({ kind: 'placed', order: { ...toOrderView(spec, placed.state), fills: trades.map((t) => toFillView(spec, t, userId)) } }),
  };
}
