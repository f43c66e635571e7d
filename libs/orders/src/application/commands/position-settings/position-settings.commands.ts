import { Command } from '@nestjs/cqrs';
import type { MarginMode } from '@lib/positions';

/** A user's settings on a perpetual market after a change (amounts as decimal strings of the settlement asset). */
export interface PositionSettingsView {
  readonly symbol: string;
  readonly leverage: number;
  readonly marginMode: MarginMode;
  readonly isolatedMargin: string;
}

/**
 * Leverage of a user on a perpetual market (1..maxLeverage). It applies to the
 * position and to new orders (open orders keep what they hold). Refused when
 * the margin it needs is not there: cross, when the account's available
 * margin at the new leverage would be negative; isolated, when the position's
 * margin is below its initial margin at the new leverage (add margin first).
 */
export class ChangeLeverageCommand extends Command<PositionSettingsView> {
  constructor(
    readonly userId: string,
    readonly symbol: string,
    readonly leverage: number,
  ) {
    super();
  }
}

/** CROSS or ISOLATED on a perpetual market: only with no position and no open order there (MARGIN_MODE_LOCKED). */
export class ChangeMarginModeCommand extends Command<PositionSettingsView> {
  constructor(
    readonly userId: string,
    readonly symbol: string,
    readonly mode: MarginMode,
  ) {
    super();
  }
}

/**
 * Adds margin to an isolated position (from the MARGIN account's available
 * cash) or removes it (back to it; what is left must cover the position's
 * initial margin at the mark, after an unrealized loss).
 */
export class MoveIsolatedMarginCommand extends Command<PositionSettingsView> {
  constructor(
    readonly userId: string,
    readonly symbol: string,
    /** Decimal string of the settlement asset, > 0. */
    readonly amount: string,
    readonly type: 'ADD' | 'REMOVE',
  ) {
    super();
  }
}
