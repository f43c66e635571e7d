import { type LedgerIntent } from '@lib/wallet';
import { MarketSpec, OrderReason, OrdersError, OrdersErrorCode, assertInBand, planAmend } from '../../domain';
import { toOrderView } from '../order-view';
import { OrderView } from '../views';
import { Decision, Facts, MarketView, refused } from '../turns/turn-command';
import { accountOf, settlePass } from './settle-pass';
import { followLists } from './follow-lists';
import { perpAmendHold } from './perp-holds';
import { followPositions } from './follow-position';
import { NotOpen, notOpen } from './not-open';

/** An amend as checked before its turn: the new price and/or total quantity in the market's units, and the mark read for the band. */
export interface AmendOrder {
  readonly spec: MarketSpec;
  readonly orderId: string;
  readonly price?: bigint;
  readonly quantity?: bigint;
  /** The mark price read before the turn; null when there is none (a new price is then refused). */
  readonly mark: bigint | null;
}

export type AmendAnswer = { readonly kind: 'amended'; readonly order: OrderView } | NotOpen;

/**
 * Amends an open order (planAmend decides the new price, total and hold). A
 * change that changes nothing is answered with the order as it is: no hold
 * moves, nothing is written or published, the order keeps its place. A new
 * price must be inside the band. A hold that grows must be covered; it is
 * taken or released with the pass. The engine re-prices the order (it may
 * trade at once, or lose its time priority).
 */
export function decideAmend(o: AmendOrder, market: MarketView, facts: Facts): Decision<AmendAnswer> {
  const { spec } = o;
  const order = market.openOrder(o.orderId);
  if (!order) return notOpen(market, o.orderId);
  const s = order.state;
  let plan;
  try {
    plan = planAmend(spec, s, { price: o.price, quantity: o.quantity });
    if (plan.changed && plan.price !== s.price) {
      // A new price must be inside the band; the price the order already rests at needs no check.
      if (o.mark === null) return refused(new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`));
      assertInBand(spec, plan.price, o.mark);
    }
  } catch (error) {
    if (error instanceof OrdersError) return refused(error);
    throw error;
  }
  if (!plan.changed) {
    const view = toOrderView(spec, s);
    return { kind: 'accepted', orders: [], intents: [], passes: [], answer: () => ({ kind: 'amended', order: view }) };
  }
  const { price, quantity } = plan;
  let { hold, holdChange } = plan;
  const funds = { userId: s.userId, account: accountOf(spec), asset: s.holdAsset };
  if (spec.kind === 'PERPETUAL') {
    // A perpetual order's hold is its margin: what the new price and size open, checked against the available margin.
    const perp = perpAmendHold(spec, order, price, quantity, market, facts);
    if (perp.kind === 'refused') return perp;
    hold = perp.hold;
    holdChange = hold - s.holdRemaining;
  } else {
    const shortfall = holdChange > 0n ? facts.shortfall(funds, holdChange) : null;
    if (shortfall) return refused(shortfall);
  }

  const result = market.book.amend(s.id, { price, quantity });
  if (result.rejected === OrderReason.ORDER_NOT_FOUND) {
    // Open in memory but not in the book: a broken cache. Thrown, so the batch is rolled back and the book rebuilt.
    throw new OrdersError(OrdersErrorCode.INVALID_AMEND, `Amend refused: ${result.rejected}`);
  }
  if (result.rejected === OrderReason.POST_ONLY_WOULD_TAKE) {
    return refused(new OrdersError(OrdersErrorCode.POST_ONLY_WOULD_TAKE, 'A POST_ONLY order must not take liquidity; the new price would match at once'));
  }
  if (result.rejected !== null) return refused(new OrdersError(OrdersErrorCode.INVALID_AMEND, `Amend refused: ${result.rejected}`));
  const amended = order.amended({ price, quantity, hold, priority: result.order!.sequence });
  const pass = settlePass(spec, market, facts, result, amended);
  if (pass.kind === 'refused') return pass;
  const touched = new Map(pass.orders.map((o) => [o.state.id, o]));
  const trimmed = followPositions(spec, market, pass.positions, touched, facts.now);
  for (const trimmedOrder of trimmed.orders) touched.set(trimmedOrder.state.id, trimmedOrder);
  const linked = followLists(spec, market, touched, facts.now);
  for (const linkedOrder of linked.orders) touched.set(linkedOrder.state.id, linkedOrder);
  const change: LedgerIntent[] = holdChange === 0n ? [] : [{ kind: 'CHANGE_ORDER_HOLD', orderId: s.id, changeId: facts.newId(), ...funds, change: holdChange }];
  const view = toOrderView(spec, amended.state);
  return {
    kind: 'accepted',
    orders: [...touched.values()].map((o) => ({ order: o, isNew: false })),
    intents: [...change, ...pass.releases, ...trimmed.releases, ...linked.releases],
    passes: [pass.record, ...trimmed.passes, ...linked.passes],
    positions: pass.positions,
    closedPositions: pass.closedPositions,
    answer: () => ({ kind: 'amended', order: view }),
  };
}
