import { UserAccountKind, type HoldRelease, type LedgerIntent, type SpotTradeLegs } from '@lib/wallet';
import { BookResult, Liquidity, MarketSpec, Order, OrderStatus, OrdersError, OrdersErrorCode, Side } from '../../domain';
import { NewTrade } from '../ports';
import type { ClosedPosition, PositionRecord } from '@lib/positions';
import { Facts, MarketView, PassRecord, Refused, refused } from '../turns/turn-command';
import { PerpFills } from './perp-fills';

/** What one engine pass decided: the orders it changed (copies), its record (trades, settlement) and the holds it released without trades. */
export interface SettledPass {
  readonly kind: 'settled';
  /** The subject first, then the makers, in the order they first filled. */
  readonly orders: readonly Order[];
  readonly record: PassRecord;
  /** With no trades: the release of what the subject still held when it ended. */
  readonly releases: readonly LedgerIntent[];
  /** Perpetuals: the position rows the fills changed, and the positions they closed. */
  readonly positions: readonly PositionRecord[];
  readonly closedPositions: readonly ClosedPosition[];
}

/**
 * Turns one engine pass into its decision. The subject is the order the pass
 * was for (placed or amended, a copy already); its makers are copied from the
 * market's memory. Every fill is applied to both orders (fees by difference,
 * the holds spent down); the engine's end of the subject (IOC rest, FOK,
 * self-trade prevention) is recorded; what an ended order still holds is
 * released: in the trades' settlement when there are trades (one ledger
 * transaction per pass), else on its own.
 *
 * Nothing of a suspended account trades, even before its cancel-all has
 * reached this market: a pass that fills one of its orders is refused (after
 * the book changed: the runner rolls the batch back and rebuilds the book),
 * and the caller retries once the cancel-all, already queued, has taken the
 * order out.
 */
export function settlePass(spec: MarketSpec, market: MarketView, facts: Facts, result: BookResult, subject: Order, forced = false): SettledPass | Refused {
  const now = facts.now;
  const makers = new Map<string, Order>();
  for (const fill of result.fills) {
    if (makers.has(fill.makerOrderId)) continue;
    const maker = market.openOrder(fill.makerOrderId);
    if (!maker) throw new Error(`maker order ${fill.makerOrderId} of ${spec.symbol} is not in the market's memory`);
    makers.set(fill.makerOrderId, maker.copy());
  }
  // A forced subject (a liquidation) trades whatever its account's status; its makers never do when suspended.
  if (result.fills.length > 0 && [...(forced ? [] : [subject]), ...makers.values()].some((o) => facts.isSuspended(o.state.userId))) {
    return refused(new OrdersError(OrdersErrorCode.MARKET_BUSY, `${spec.symbol}: resting orders are being withdrawn; retry shortly`, { symbol: spec.symbol, retryAfterSeconds: 1 }));
  }

  const trades: NewTrade[] = [];
  const legs: SpotTradeLegs[] = [];
  const perp = spec.kind === 'PERPETUAL' ? new PerpFills(spec, facts) : null;
  for (const fill of result.fills) {
    const maker = makers.get(fill.makerOrderId)!;
    const makerEffect = maker.applyFill(spec, fill.price, fill.quantity, Liquidity.MAKER);
    const takerEffect = subject.applyFill(spec, fill.price, fill.quantity, Liquidity.TAKER);
    const takerBuys = fill.takerSide === Side.BUY;
    const [buyer, seller] = takerBuys ? [subject, maker] : [maker, subject];
    if (perp) {
      perp.fill(buyer, takerBuys ? takerEffect : makerEffect, Side.BUY);
      perp.fill(seller, takerBuys ? makerEffect : takerEffect, Side.SELL);
    } else legs.push({
      buyerId: buyer.state.userId,
      sellerId: seller.state.userId,
      base: takerEffect.base,
      quote: takerEffect.quote,
      buyerFee: takerBuys ? takerEffect.fee : makerEffect.fee,
      sellerFee: takerBuys ? makerEffect.fee : takerEffect.fee,
    });
    trades.push({
      symbol: spec.symbol,
      price: fill.price,
      quantity: fill.quantity,
      quote: takerEffect.quote,
      takerSide: fill.takerSide,
      makerOrderId: maker.state.id,
      takerOrderId: subject.state.id,
      makerUserId: maker.state.userId,
      takerUserId: subject.state.userId,
      makerFee: makerEffect.fee,
      takerFee: takerEffect.fee,
      createdAt: now,
    });
  }

  // The engine decides how the subject ended (IOC rest, FOK, market rest, self-trade, cancel).
  const final = result.order;
  if (final && (final.status === OrderStatus.CANCELED || final.status === OrderStatus.EXPIRED)) subject.end(final.status, final.reason);
  const orders = [subject, ...makers.values()];
  const unused: (HoldRelease & { readonly order: Order })[] = [];
  for (const order of orders) {
    order.state.updatedAt = now;
    const amount = order.takeUnusedHold();
    if (amount > 0n) unused.push({ order, userId: order.state.userId, asset: order.state.holdAsset, amount });
  }
  const positions = perp?.positions ?? [];
  const closedPositions = perp?.closed ?? [];
  if (trades.length === 0) {
    return { kind: 'settled', orders, record: { result, trades }, releases: unused.map(({ order, amount }) => releaseOf(spec, order, amount)), positions, closedPositions };
  }
  const holdReleases = unused.map(({ userId, asset, amount }) => ({ userId, asset, amount }));
  if (perp) return { kind: 'settled', orders, record: { result, trades, settlement: perp.settlement(subject.state.id, holdReleases) }, releases: [], positions, closedPositions };
  const settlement = {
    kind: 'SETTLE_SPOT_TRADES' as const,
    symbol: spec.symbol,
    orderId: subject.state.id,
    base: spec.base,
    quote: spec.quote,
    trades: legs,
    releases: holdReleases,
  };
  return { kind: 'settled', orders, record: { result, trades, settlement }, releases: [], positions, closedPositions };
}

/** What an ended order still held, given back. */
export function releaseOf(spec: MarketSpec, order: Order, amount: bigint): LedgerIntent {
  const s = order.state;
  return { kind: 'RELEASE_ORDER_HOLD', symbol: spec.symbol, orderId: s.id, endedAs: s.status, userId: s.userId, account: accountOf(spec), asset: s.holdAsset, amount };
}

/** The account a market's orders hold on: SPOT, or MARGIN for a perpetual. */
export function accountOf(spec: MarketSpec): UserAccountKind {
  return spec.kind === 'PERPETUAL' ? UserAccountKind.MARGIN : UserAccountKind.SPOT;
}
