import { mulDivDown } from '@lib/kernel';
import { Accepted, Decision, Facts, MarketSpec, MarketView, Order, OrderSide, OrderStatus, OrderType, PassRecord, TimeInForce, followLists, followPositions, placeOnBook, refused, releaseOf, settlePass, termsOf } from '@lib/orders';
import { Holding } from '@lib/positions';
import type { LedgerIntent, PerpTradeLeg, SettlePerpTrades } from '@lib/wallet';
import { RATE_E8 } from '../../domain';
import { autoDeleverage } from './auto-deleverage';
import { positionLiquidatedEvent } from './liquidation-events';
import { LiquidationError, LiquidationErrorCode } from './liquidation.error';
import { bankruptcyPrice, closeQuantity, crossCheck, fundReach, isLiquidatable, isolatedCheck } from './liquidation-rules';

export const LIQUIDATION_CANCELED = 'LIQUIDATION';

export interface LiquidatePosition {
  readonly spec: MarketSpec;
  readonly userId: string;
  /** The liquidation fee rate (RATE_E8) of the closed notional. */
  readonly feeE8: bigint;
}

export interface LiquidationAnswer {
  readonly orderId: string;
  /** What the step closed (quantity units) of what it set out to close. */
  readonly filled: bigint;
  readonly target: bigint;
  readonly liquidationFee: bigint;
  readonly insuranceCover: bigint;
  /** The position's size after the step (signed). */
  readonly sizeAfter: bigint;
  /** What was auto-deleveraged at the bankruptcy price (quantity units). */
  readonly adl: bigint;
}

/**
 * One liquidation step of a user's position on a perpetual market, decided in
 * the market's turn like any order (docs/risk.md, "Liquidation"):
 * 1. re-checked at the batch's mark (isolated: the position; cross: the
 *    account, with what its orders here held counted back as cash): covered
 *    → refused NOT_LIQUIDATABLE, nothing happens;
 * 2. the user's orders on the market are cancelled;
 * 3. the tier rule says how much closes (closeQuantity); an IOC reduce-only
 *    order of the user takes the book no further than the bankruptcy price
 *    of that quantity, or past it as far as the INSURANCE_FUND can pay the
 *    loss beyond the collateral;
 * 4. its fills settle as any (taker fee to FEES); then the user's last leg
 *    carries the liquidation fee (to the fund, out of what is left, never
 *    more) or the fund's cover of a loss beyond the collateral.
 * 5. what the book could not take within the fund's reach is auto-deleveraged
 *    (auto-deleverage.ts) at the bankruptcy price; what no profitable opposing
 *    position can take stays open and the monitor tries again.
 */
export function decideLiquidation(cmd: LiquidatePosition, market: MarketView, facts: Facts): Decision<LiquidationAnswer> {
  const { spec, userId } = cmd;
  const asset = spec.quote;
  const record = facts.positionOf(userId, spec);
  const size = record.position.size;
  if (size === 0n) return refused(new LiquidationError(LiquidationErrorCode.NOT_LIQUIDATABLE, `${userId} has no position on ${spec.symbol}`, { symbol: spec.symbol }));
  const mark = facts.markOf(spec.symbol);
  if (mark === undefined) return refused(new LiquidationError(LiquidationErrorCode.MARK_PRICE_UNAVAILABLE, `${spec.symbol} has no mark price yet`, { symbol: spec.symbol }));

  const mine = market.openOrdersOf(userId);
  const released = mine.reduce((sum, o) => sum + o.state.holdRemaining, 0n);
  const isolated = record.marginMode === 'ISOLATED';
  const cash = facts.marginCash(userId, asset) + released;
  const holding: Holding = { record, terms: termsOf(spec), mark };
  const check = isolated ? isolatedCheck(holding) : crossCheck(cash, facts.holdingsOf(userId, asset));
  if (!isLiquidatable(check)) {
    return refused(new LiquidationError(LiquidationErrorCode.NOT_LIQUIDATABLE, `${spec.symbol}: the margin covers maintenance`, { balance: check.balance.toString(), maintenance: check.maintenance.toString() }));
  }

  // 2. The user's orders here go first: they may not trade against the liquidation, and what they held is cash again.
  const orders: Order[] = [];
  const intents: LedgerIntent[] = [];
  const passes: PassRecord[] = [];
  for (const order of mine) {
    const result = market.book.cancel(order.state.id);
    if (result.rejected !== null) throw new Error(`order ${order.state.id} is open but not in the ${spec.symbol} book (${result.rejected})`);
    const copy = order.copy();
    copy.end(OrderStatus.CANCELED, LIQUIDATION_CANCELED);
    copy.state.updatedAt = facts.now;
    const unused = copy.takeUnusedHold();
    if (unused > 0n) intents.push(releaseOf(spec, copy, unused));
    orders.push(copy);
    passes.push({ result, trades: [] });
  }

  // 3. How much, and how far.
  const whole = size < 0n ? -size : size;
  const target = closeQuantity(holding, spec.stepSize);
  const collateral = isolated ? mulDivDown(record.isolatedMargin, target, whole) : cash;
  const bankruptcy = bankruptcyPrice(holding, target, collateral, spec.takerFeePpm, spec.tickSize);
  const limit = fundReach(holding, bankruptcy, target, facts.insuranceFund(asset), spec.takerFeePpm, spec.tickSize);
  const side = size > 0n ? OrderSide.SELL : OrderSide.BUY;
  const booked = placeOnBook(
    { spec, userId, side, type: OrderType.LIMIT, timeInForce: TimeInForce.IOC, price: limit, limit, quantity: target, clientOrderId: null, reduceOnly: true, holdAsset: asset, hold: 0n, maxOpenOrders: Number.MAX_SAFE_INTEGER, sameAs: () => false, trigger: null, goodTill: null },
    0n,
    market,
    facts,
    true,
  );
  if (booked.kind === 'refused') return booked;
  const { placed, result } = booked;
  const pass = settlePass(spec, market, facts, result, placed, true);
  if (pass.kind === 'refused') return pass;

  // 4. What the book could not take within the fund's reach is auto-deleveraged at the bankruptcy price.
  const filled = placed.state.filledQuantity;
  const overlay = new Map(pass.positions.map((p) => [p.userId, p]));
  const adl = filled < target ? autoDeleverage({ spec, market, facts, userId, side, rest: target - filled, bankruptcy, mark, overlay }) : null;
  const adlQuantity = adl?.quantity ?? 0n;

  // 5. The fee to the fund, or the fund's cover, on the user's last leg.
  const charged = chargeLiquidation(adl ? [pass.record, adl.record] : [pass.record], userId, isolated ? 0n : cash, cmd.feeE8);
  const { liquidationFee, insuranceCover } = charged;
  if (insuranceCover > facts.insuranceFund(asset)) throw new Error(`a liquidation on ${spec.symbol} needs ${insuranceCover} of a fund of ${facts.insuranceFund(asset)}`);

  const touched = new Map(pass.orders.map((o) => [o.state.id, o]));
  const positions = [...new Map([...pass.positions, ...(adl?.positions ?? [])].map((p) => [p.userId, p])).values()];
  const trimmed = followPositions(spec, market, positions.filter((p) => p.userId !== userId), touched, facts.now);
  const changed = new Map(touched);
  for (const o of trimmed.orders) changed.set(o.state.id, o);
  // A maker that was an OCO leg or a bracket's leg ends the rest of its list.
  const linked = followLists(spec, market, changed, facts.now);
  for (const o of linked.orders) changed.set(o.state.id, o);
  const after = positions.find((p) => p.userId === userId);
  const sizeAfter = after ? after.position.size : size;
  const answer: LiquidationAnswer = { orderId: placed.state.id, filled, target, liquidationFee, insuranceCover, sizeAfter, adl: adlQuantity };
  const accepted: Accepted<LiquidationAnswer> = {
    kind: 'accepted',
    orders: [...orders.map((order) => ({ order, isNew: false })), ...[...changed.values()].map((order) => ({ order, isNew: order === placed })), ...(adl?.orders ?? []).map((order) => ({ order, isNew: true }))],
    intents: [...intents, ...pass.releases, ...trimmed.releases, ...linked.releases],
    passes: [...passes, ...charged.records, ...trimmed.passes, ...linked.passes],
    positions,
    closedPositions: [...pass.closedPositions, ...(adl?.closedPositions ?? [])],
    events: filled > 0n || adlQuantity > 0n ? [positionLiquidatedEvent(spec, { userId, record, side: size > 0n ? 'LONG' : 'SHORT', mark, bankruptcy, limit, trades: pass.record.trades, liquidationFee, insuranceCover, sizeAfter, adlQuantity, orderId: placed.state.id, at: facts.now })] : [],
    answer: () => answer,
  };
  return accepted;
}

/**
 * The liquidation fee or the fund's cover on the user's last leg of each
 * pass, in order: `start` (cross: the account's cash; isolated: 0, the closed
 * part's margin comes back in its legs) plus what each pass did to the user;
 * a pass that leaves it below zero is covered by the fund, the last one pays
 * the fee due on the whole closed notional out of what is left, never more.
 */
function chargeLiquidation(records: readonly PassRecord[], userId: string, start: bigint, feeE8: bigint): { records: PassRecord[]; liquidationFee: bigint; insuranceCover: bigint } {
  const out = [...records];
  const notional = records.flatMap((r) => r.trades).reduce((sum, t) => sum + t.quote, 0n);
  const charged = records.map((r, i) => (r.settlement?.kind === 'SETTLE_PERP_TRADES' && r.settlement.legs.some((l) => l.userId === userId) ? i : -1)).filter((i) => i >= 0);
  let left = start;
  let liquidationFee = 0n;
  let insuranceCover = 0n;
  for (const i of charged) {
    const settlement = out[i]!.settlement as Omit<SettlePerpTrades, 'firstTradeId'>;
    const legs = [...settlement.legs];
    left += legs.filter((l) => l.userId === userId).reduce((sum, l) => sum + l.holdSpent - l.isolatedMarginChange + l.realizedPnl - l.fee, 0n);
    let cover = 0n;
    let fee = 0n;
    if (left < 0n) {
      cover = -left;
      left = 0n;
    }
    if (i === charged[charged.length - 1]) {
      const due = (notional * feeE8) / RATE_E8;
      fee = due < left ? due : left;
    }
    const last = legs.map((l) => l.userId).lastIndexOf(userId);
    const leg: PerpTradeLeg = { ...legs[last]!, liquidationFee: fee, insuranceCover: cover };
    legs[last] = leg;
    out[i] = { ...out[i]!, settlement: { ...settlement, legs } };
    liquidationFee += fee;
    insuranceCover += cover;
  }
  return { records: out, liquidationFee, insuranceCover };
}
