import type { LedgerIntent } from '@lib/wallet';
import { MarketSpec, Order, OrderType, Side } from '../../domain';
import { spotBuyCap } from '../commands/place-order/check-trigger';
import { PlaceOrder, accountOf } from '../deciders';
import { Accepted, Decision, Facts, MarketView, refused } from '../turns/turn-command';
import { placeAll, sharedHolds } from './decide-place-list';

type Done = { readonly kind: 'done' };
const answer = (): Done => ({ kind: 'done' });

/**
 * Places what a list placed later (a bracket's legs once its entry filled, an
 * OTO's pending order once its working order filled), each as a single order
 * would be; a bracket's two spot legs share one hold as an OCO's do. `clear`
 * clears what the list has still to place, in the same transaction, and
 * refuses when another command did it already: they are placed once.
 */
export function decidePlaceLater(orders: readonly PlaceOrder[], clear: () => Promise<Error | null>, market: MarketView, facts: Facts): Decision<Done> {
  const all = placeAll(orders, market, facts);
  if (all.kind === 'refused') return all;
  return { ...all.parts, write: clear, answer };
}

/**
 * A bracket's untriggered legs grown to what its entry has filled (`filled`,
 * never less than they are): each leg's quantity, and on spot the list's one
 * hold (the take-profit holds in full, the stop-loss the excess). Legs no
 * longer waiting (one triggered: the list is resolved) are left as they are.
 */
export function decideGrowLegs(spec: MarketSpec, legIds: readonly string[], filled: bigint, market: MarketView, facts: Facts): Decision<Done> {
  const legs = legIds.map((id) => market.untriggeredOrder(id));
  if (legs.some((l) => l === undefined) || legs.every((l) => l!.state.quantity >= filled)) return { kind: 'accepted', orders: [], intents: [], passes: [], answer };
  const grown = legs.map((l) => {
    const copy = l!.copy();
    copy.state.quantity = filled;
    copy.state.updatedAt = facts.now;
    return copy;
  });
  const intents: LedgerIntent[] = [];
  if (spec.kind !== 'PERPETUAL') {
    const full = grown.map((o) => fullHold(spec, o));
    const shared = sharedHolds(grown.map((o, i) => ({ hold: full[i]!, holdAsset: o.state.holdAsset }) as PlaceOrder));
    const change = grown.map((o, i) => (shared.holds[i] ?? full[i]!) - o.state.holdRemaining);
    const more = change.reduce((sum, c) => (c > 0n ? sum + c : sum), 0n);
    const first = grown[0]!.state;
    if (more > 0n) {
      const short = facts.shortfall({ userId: first.userId, account: accountOf(spec), asset: first.holdAsset }, more);
      if (short) return refused(short);
    }
    grown.forEach((o, i) => {
      const c = change[i]!;
      if (c === 0n) return;
      o.state.holdRemaining += c;
      intents.push({ kind: 'CHANGE_ORDER_HOLD', orderId: o.state.id, changeId: `grow:${filled}`, userId: o.state.userId, account: accountOf(spec), asset: o.state.holdAsset, change: c });
    });
  }
  const accepted: Accepted<Done> = { kind: 'accepted', orders: grown.map((order) => ({ order, isNew: false })), intents, passes: [], answer };
  return accepted;
}

/** What a spot conditional order holds for its whole quantity (as checkPlaceOrder counts it). */
function fullHold(spec: MarketSpec, order: Order): bigint {
  const s = order.state;
  const at = s.price ?? (s.side === Side.BUY && s.type === OrderType.MARKET ? spotBuyCap(spec, s.trigger!, Side.BUY) : 0n);
  return Order.worstCaseHold(spec, s.side, at, s.quantity, s);
}
