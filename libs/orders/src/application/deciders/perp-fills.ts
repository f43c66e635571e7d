import { mulDivDown } from '@lib/kernel';
import { ClosedPosition, PositionRecord, fillRecord } from '@lib/positions';
import type { HoldRelease, PerpTradeLeg, SettlePerpTrades } from '@lib/wallet';
import { FillEffect, MarketSpec, Order, Side } from '../../domain';
import { Facts } from '../turns/turn-command';

/**
 * The positions side of one matching pass on a perpetual market: each fill
 * applied to both users' positions (docs/positions.md), and the ledger leg
 * of each side: the hold the fill spent, what it did to an isolated
 * position's margin, the PnL it realized, its fee.
 */
export class PerpFills {
  private readonly records = new Map<string, PositionRecord>();
  private readonly legs: PerpTradeLeg[] = [];
  readonly closed: ClosedPosition[] = [];

  constructor(
    private readonly spec: MarketSpec,
    /** What it reads: the time, and the rows before the fills (a decider may overlay rows it changed). */
    private readonly facts: Pick<Facts, 'now' | 'positionOf'>,
  ) {}

  /** One side of a fill: `order` (after applyFill) with its effect. */
  fill(order: Order, effect: FillEffect, side: Side): void {
    const userId = order.state.userId;
    const before = this.records.get(userId) ?? this.facts.positionOf(userId, this.spec);
    const now = this.facts.now;
    const { record, outcome, closed } = fillRecord(this.spec, before, side, effect.price, effect.quantity, effect.fee, now);
    let isolatedMarginChange = 0n;
    if (before.marginMode === 'ISOLATED') {
      if (record.position.size === 0n) {
        // Flat: every unit of its margin goes back (the hold spent with it).
        isolatedMarginChange = -before.isolatedMargin;
      } else {
        const size = before.position.size < 0n ? -before.position.size : before.position.size;
        const release = outcome.closed === 0n ? 0n : outcome.closed === size ? before.isolatedMargin : mulDivDown(before.isolatedMargin, outcome.closed, size);
        const feeFromHold = effect.fee < effect.holdSpent ? effect.fee : effect.holdSpent;
        isolatedMarginChange = effect.holdSpent - feeFromHold - release;
      }
    }
    this.records.set(userId, { ...record, isolatedMargin: before.isolatedMargin + isolatedMarginChange });
    if (closed) this.closed.push(closed);
    this.legs.push({ userId, holdSpent: effect.holdSpent, isolatedMarginChange, realizedPnl: outcome.realized, fee: effect.fee });
  }

  /** The new state of every row the pass changed. */
  get positions(): PositionRecord[] {
    return [...this.records.values()];
  }

  /** The pass's settlement (its first trade's id comes when it is written). */
  settlement(orderId: string, releases: readonly HoldRelease[]): Omit<SettlePerpTrades, 'firstTradeId'> {
    return { kind: 'SETTLE_PERP_TRADES', symbol: this.spec.symbol, orderId, asset: this.spec.quote, legs: this.legs, releases };
  }
}
