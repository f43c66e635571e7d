import { formatUnits } from '@lib/kernel';
import { Holding, MarginMode, PositionRecord, availableMargin, marginsOf } from '@lib/positions';
import { MoveIsolatedMargin } from '@lib/wallet';
import { MarketSpec, OrdersError, OrdersErrorCode, Side } from '../../domain';
import type { PositionSettingsView } from '../commands/position-settings/position-settings.commands';
import { termsOf } from '../turns/perp-positions';
import { Accepted, Decision, Facts, MarketView, refused } from '../turns/turn-command';
import { bankruptcyBound, beyondBankruptcy, beyondBound, bracketRefusal, insufficientMargin } from './perp-holds';

/*
 * The deciders of a user's settings on a perpetual market (docs/positions.md):
 * leverage, margin mode, the margin of an isolated position. Each decides on
 * the position as the batch left it and changes only its row (and, for a
 * margin move, the ledger).
 */

export function decideLeverage(spec: MarketSpec, userId: string, leverage: number, _market: MarketView, facts: Facts): Decision<PositionSettingsView> {
  const record = facts.positionOf(userId, spec);
  if (record.leverage === leverage) return unchanged(spec, record);
  const changed: PositionRecord = { ...record, leverage, updatedAt: facts.now };
  if (record.position.size !== 0n) {
    const holding = holdingOf(spec, changed, facts);
    if (holding === null) return refused(noMark(spec));
    // The bracket of the new leverage must take the position as it is (open orders are checked when they were placed).
    const bracket = bracketRefusal(spec, leverage, record.position.size, record.position.size > 0n ? Side.BUY : Side.SELL, 0n, 0n, holding.mark);
    if (bracket) return refused(bracket);
    if (record.marginMode === 'ISOLATED') {
      const needed = marginsOf(holding).initial;
      if (record.isolatedMargin < needed) return refused(insufficientMargin(spec.quote, needed, record.isolatedMargin));
    } else {
      const others = facts.holdingsOf(userId, spec.quote).filter((h) => h.record.symbol !== spec.symbol);
      const left = availableMargin(facts.marginCash(userId, spec.quote), [...others, holding]);
      if (left < 0n) return refused(insufficientMargin(spec.quote, marginsOf(holding).initial, marginsOf(holding).initial + left));
    }
  }
  return settled(spec, changed);
}

export function decideMarginMode(spec: MarketSpec, userId: string, mode: MarginMode, market: MarketView, facts: Facts): Decision<PositionSettingsView> {
  const record = facts.positionOf(userId, spec);
  if (record.marginMode === mode) return unchanged(spec, record);
  if (record.position.size !== 0n || market.openOrdersOf(userId).length > 0) {
    return refused(new OrdersError(OrdersErrorCode.MARGIN_MODE_LOCKED, `The margin mode of ${spec.symbol} changes only with no position and no open order there`));
  }
  return settled(spec, { ...record, marginMode: mode, isolatedMargin: 0n, updatedAt: facts.now });
}

/**
 * Adds to (from the available margin) or removes from an isolated position's
 * margin; what stays must cover the position's initial margin at the mark
 * after an unrealized loss.
 */
export function decideMoveMargin(spec: MarketSpec, userId: string, amount: bigint, type: 'ADD' | 'REMOVE', market: MarketView, facts: Facts): Decision<PositionSettingsView> {
  const record = facts.positionOf(userId, spec);
  if (record.position.size === 0n) return refused(new OrdersError(OrdersErrorCode.NO_POSITION, `No open position on ${spec.symbol}`));
  if (record.marginMode !== 'ISOLATED') return refused(new OrdersError(OrdersErrorCode.NOT_ISOLATED, `The position on ${spec.symbol} is CROSS: its margin is the account's`));
  if (type === 'ADD') {
    const available = facts.marginAvailable(userId, spec.quote);
    if (amount > available) return refused(insufficientMargin(spec.quote, amount, available));
  } else {
    const holding = holdingOf(spec, record, facts);
    if (holding === null) return refused(noMark(spec));
    const m = marginsOf(holding);
    const loss = m.unrealizedPnl < 0n ? -m.unrealizedPnl : 0n;
    const removable = record.isolatedMargin - loss - m.initial;
    if (amount > removable) {
      return refused(
        new OrdersError(OrdersErrorCode.INSUFFICIENT_MARGIN, `At most ${formatUnits(removable > 0n ? removable : 0n, spec.quoteDecimals)} ${spec.quote} can leave this position: it must keep its initial margin`, {
          asset: spec.quote,
          removable: formatUnits(removable > 0n ? removable : 0n, spec.quoteDecimals),
        }),
      );
    }
  }
  const signed = type === 'ADD' ? amount : -amount;
  if (type === 'REMOVE') {
    // Less margin moves the bankruptcy price closer: an open order that would then close past it keeps the margin in.
    const bound = bankruptcyBound(spec, { ...record, isolatedMargin: record.isolatedMargin - amount });
    const past = market.openOrdersOf(userId).find((o) => o.state.price !== null && beyondBound(bound, o.state.side, o.state.price));
    if (past) return refused(beyondBankruptcy(spec, bound!));
  }
  const move: MoveIsolatedMargin = { kind: 'MOVE_ISOLATED_MARGIN', userId, symbol: spec.symbol, asset: spec.quote, moveId: facts.newId(), amount: signed };
  const changed: PositionRecord = { ...record, isolatedMargin: record.isolatedMargin + signed, updatedAt: facts.now };
  return { ...settled(spec, changed), intents: [move] };
}

function holdingOf(spec: MarketSpec, record: PositionRecord, facts: Facts): Holding | null {
  const mark = facts.markOf(spec.symbol);
  return mark === undefined ? null : { record, terms: termsOf(spec), mark };
}

function noMark(spec: MarketSpec): OrdersError {
  return new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
}

function viewOf(spec: MarketSpec, record: PositionRecord): PositionSettingsView {
  return { symbol: spec.symbol, leverage: record.leverage, marginMode: record.marginMode, isolatedMargin: formatUnits(record.isolatedMargin, spec.quoteDecimals) };
}

function unchanged(spec: MarketSpec, record: PositionRecord): Accepted<PositionSettingsView> {
  const view = viewOf(spec, record);
  return { kind: 'accepted', orders: [], intents: [], passes: [], answer: () => view };
}

function settled(spec: MarketSpec, record: PositionRecord): Accepted<PositionSettingsView> {
  const view = viewOf(spec, record);
  return { kind: 'accepted', orders: [], intents: [], passes: [], positions: [record], answer: () => view };
}
